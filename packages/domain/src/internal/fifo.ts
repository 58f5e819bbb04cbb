/** A first-in first-out queue over an array, with amortized O(1) removal from the front. */
export class Fifo<A> {
  private items: Array<A> = []
  private head = 0

  push(item: A): void {
    this.items.push(item)
  }

  /** The item `offset` places from the front, or undefined. */
  peek(offset = 0): A | undefined {
    return this.items[this.head + offset]
  }

  shift(): A | undefined {
    if (this.head >= this.items.length) return undefined
    const item = this.items[this.head]
    this.items[this.head] = undefined as A
    this.head++
    // Compact once the consumed prefix outweighs the rest, so memory follows the live length.
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head)
      this.head = 0
    }
    return item
  }

  get length(): number {
    return this.items.length - this.head
  }
}
