// Hand copy of the Rust type (CONTRACT10.md) until ts-rs generates this file.
import type { LabState } from "./LabState";
import type { LinkView } from "./LinkView";
import type { Requirements } from "./Requirements";
import type { Tally } from "./Tally";
import type { Text } from "./Text";
import type { Verdict } from "./Verdict";

export type LabCard = {
  id: string;
  level: number;
  title: Text;
  summary: Text;
  services: Array<string>;
  requirements: Requirements;
  verdict: Verdict;
  state: LabState;
  exercises: Tally;
  links: Array<LinkView>;
};
