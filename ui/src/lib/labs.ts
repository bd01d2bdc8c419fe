// Which labs the window lists and how it names them. The engine's change feed reports every
// compose project on the machine (other stacks, a student's own compose project), and added
// labs may share a built-in's level number, so both need a rule of their own.
import type { LabCard } from './bindings/LabCard';
import type { Text } from './bindings/Text';

/** A built-in lab's id is `level-<N>`; an added lab's is its compose project's name. */
export function isBuiltin(card: LabCard): boolean {
  return card.id === `level-${card.level}`;
}

/** Whether the window lists `lab`: only those labs' changes are worth a read. */
export function isListed(cards: readonly LabCard[], lab: string): boolean {
  return cards.some((c) => c.id === lab);
}

/** Built-in labs by level, then the added ones in the order the backend gave them. */
export function ordered(cards: readonly LabCard[]): LabCard[] {
  const builtin = cards.filter(isBuiltin).sort((a, b) => a.level - b.level);
  return [...builtin, ...cards.filter((c) => !isBuiltin(c))];
}

/**
 * A tab's name: a built-in lab by its level ("Nivel 0"), an added one by its title in the
 * current language, or its id when it has none.
 */
export function tabLabel(card: LabCard, levelName: (n: number) => string, shown: (text: Text) => string): string {
  return isBuiltin(card) ? levelName(card.level) : shown(card.title) || card.id;
}
