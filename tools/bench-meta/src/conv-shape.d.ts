/** One convolution shape of the benchmarks (core's and gpu's time the same ones): input channels and size, output channels, a square kernel, stride and padding. */
export interface ConvShape {
    cin: number;
    h: number;
    w: number;
    cout: number;
    k: number;
    stride: number;
    pad: number;
    note?: string;
}
//# sourceMappingURL=conv-shape.d.ts.map