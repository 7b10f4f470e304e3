/**
 * Types for the parts of the `mnist` package we read. The package ships no types, and we
 * declare its CommonJS main rather than importing its JSON files so that TypeScript never
 * parses those 20 MB of number literals (that added ~25 s and ~2 GB to every type check).
 * It is ambient: it reaches the program because the tsconfigs include every .ts file in src.
 */
declare module 'mnist' {
  interface MnistDigit {
    /** The digit, 0..9. */
    id: number;
    /** Every sample of this digit, 784 values (28x28, row-major, 0..1) after another. */
    raw: number[];
    /** Number of samples. */
    length: number;
  }
  const digits: readonly MnistDigit[];
  export = digits;
}
