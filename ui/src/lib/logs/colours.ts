// Each service gets its own colour, in the order services are first seen, so the same lab
// always looks the same and neighbouring services never share a colour until the palette
// runs out. The palette indexes CSS variables (--svc-0 …) that have light and dark values.
export const PALETTE_SIZE = 8;

export class ServiceColours {
  private assigned = new Map<string, number>();

  constructor(services: readonly string[] = []) {
    for (const s of services) this.of(s);
  }

  /** Palette index of `service`, assigning the next free one on first sight. */
  of(service: string): number {
    let index = this.assigned.get(service);
    if (index === undefined) {
      index = this.assigned.size % PALETTE_SIZE;
      this.assigned.set(service, index);
    }
    return index;
  }
}
