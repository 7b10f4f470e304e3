// The `mnist` package ships no types; this script reads only each digit's raw 0..1 values.
declare module 'mnist' {
  const digits: readonly { raw: number[] }[];
  export default digits;
}
