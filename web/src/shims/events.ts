/** The browser's stand-in for `node:events`: the part of EventEmitter the client uses (on, once, off, emit, 'newListener'). */
type Listener = (...args: unknown[]) => void;

export class EventEmitter {
  private readonly handlers = new Map<string | symbol, Listener[]>();

  on(event: string | symbol, listener: Listener): this {
    if (event !== 'newListener') this.emit('newListener', event, listener);
    this.handlers.set(event, [...(this.handlers.get(event) ?? []), listener]);
    return this;
  }

  addListener(event: string | symbol, listener: Listener): this {
    return this.on(event, listener);
  }

  once(event: string | symbol, listener: Listener): this {
    const wrapped: Listener = (...args) => {
      this.off(event, wrapped);
      listener(...args);
    };
    return this.on(event, wrapped);
  }

  off(event: string | symbol, listener: Listener): this {
    const list = this.handlers.get(event);
    if (list !== undefined) this.handlers.set(event, list.filter((l) => l !== listener));
    return this;
  }

  removeListener(event: string | symbol, listener: Listener): this {
    return this.off(event, listener);
  }

  removeAllListeners(event?: string | symbol): this {
    if (event === undefined) this.handlers.clear();
    else this.handlers.delete(event);
    return this;
  }

  listenerCount(event: string | symbol): number {
    return this.handlers.get(event)?.length ?? 0;
  }

  emit(event: string | symbol, ...args: unknown[]): boolean {
    const list = this.handlers.get(event);
    if (list === undefined || list.length === 0) return false;
    for (const l of [...list]) l(...args);
    return true;
  }
}

export default EventEmitter;
