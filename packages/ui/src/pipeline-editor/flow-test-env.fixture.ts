// React Flow measures nodes with ResizeObserver and reads transforms with DOMMatrixReadOnly;
// happy-dom has no layout, so both are stubbed and every element reports a fixed size.
export function installFlowStubs(): void {
  const g = globalThis as Record<string, unknown>;
  g.ResizeObserver ??= class {
    constructor(private readonly callback: (entries: unknown[], observer: unknown) => void) {}
    observe(target: Element) {
      this.callback([{ target, contentRect: { width: 190, height: 86 } }], this);
    }
    unobserve() {}
    disconnect() {}
  };
  g.DOMMatrixReadOnly ??= class {
    m22: number;
    constructor(transform?: string) {
      const scale = transform?.match(/scale\(([0-9.]+)\)/)?.[1];
      this.m22 = scale === undefined ? 1 : Number(scale);
    }
  };
  const proto = HTMLElement.prototype as unknown as Record<string, unknown>;
  Object.defineProperties(proto, {
    offsetHeight: { configurable: true, get: () => 86 },
    offsetWidth: { configurable: true, get: () => 190 },
  });
  (SVGElement.prototype as unknown as { getBBox: () => DOMRect }).getBBox = () => ({ x: 0, y: 0, width: 0, height: 0 }) as DOMRect;
}
