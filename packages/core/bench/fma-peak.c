/*
 * The machine's FMA peak, measured: 12 independent chains of fused multiply-adds, 256-bit (AVX2 +
 * FMA3, 16 FLOP each) or 512-bit (AVX-512F, 32 FLOP each). Enough chains to cover the FMA latency
 * on both ports, so the loop runs at the core's FMA throughput. Built and run by lib/peak.ts when a
 * C compiler is present:
 *   cc -O2 -mavx2 -mfma -mavx512f fma-peak.c -o fma-peak && ./fma-peak avx2 800000000
 * Prints "n/a" for avx512 on a CPU without it.
 */
#include <immintrin.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define CHAINS(T, FMA)                                                                     \
  for (long k = 0; k < iters; k++) {                                                       \
    a[0] = FMA(a[0], m, d); a[1] = FMA(a[1], m, d); a[2] = FMA(a[2], m, d);                \
    a[3] = FMA(a[3], m, d); a[4] = FMA(a[4], m, d); a[5] = FMA(a[5], m, d);                \
    a[6] = FMA(a[6], m, d); a[7] = FMA(a[7], m, d); a[8] = FMA(a[8], m, d);                \
    a[9] = FMA(a[9], m, d); a[10] = FMA(a[10], m, d); a[11] = FMA(a[11], m, d);            \
  }

static double seconds(struct timespec t0, struct timespec t1) {
  return (t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) * 1e-9;
}

__attribute__((target("avx2,fma"))) static double avx2(long iters, float *sink) {
  __m256 m = _mm256_set1_ps(0.9999999f), d = _mm256_set1_ps(1e-7f), a[12];
  for (int i = 0; i < 12; i++) a[i] = _mm256_set1_ps((float)i);
  struct timespec t0, t1;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  CHAINS(__m256, _mm256_fmadd_ps)
  clock_gettime(CLOCK_MONOTONIC, &t1);
  for (int i = 0; i < 12; i++) *sink += _mm256_cvtss_f32(a[i]);
  return iters * 12.0 * 16.0 / seconds(t0, t1) / 1e9;
}

__attribute__((target("avx512f"))) static double avx512(long iters, float *sink) {
  __m512 m = _mm512_set1_ps(0.9999999f), d = _mm512_set1_ps(1e-7f), a[12];
  for (int i = 0; i < 12; i++) a[i] = _mm512_set1_ps((float)i);
  struct timespec t0, t1;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  CHAINS(__m512, _mm512_fmadd_ps)
  clock_gettime(CLOCK_MONOTONIC, &t1);
  for (int i = 0; i < 12; i++) *sink += _mm512_cvtss_f32(a[i]);
  return iters * 12.0 * 32.0 / seconds(t0, t1) / 1e9;
}

int main(int argc, char **argv) {
  const char *mode = argc > 1 ? argv[1] : "avx2";
  long iters = argc > 2 ? atol(argv[2]) : 200000000L;
  float sink = 0;
  __builtin_cpu_init();
  if (strcmp(mode, "avx512") == 0) {
    if (!__builtin_cpu_supports("avx512f")) { printf("n/a\n"); return 0; }
    /* The sink keeps the chains alive; printed so the compiler cannot drop them. */
    printf("%.2f GFLOP/s (sink %g)\n", avx512(iters, &sink), sink);
  } else {
    if (!__builtin_cpu_supports("avx2") || !__builtin_cpu_supports("fma")) { printf("n/a\n"); return 0; }
    printf("%.2f GFLOP/s (sink %g)\n", avx2(iters, &sink), sink);
  }
  return 0;
}
