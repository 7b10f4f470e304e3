/*
 * The machine's FMA peak, measured: 12 independent chains of 256-bit fused multiply-adds
 * (AVX2 + FMA3), 16 FLOP each. Enough chains to cover the FMA latency on both ports, so the loop
 * runs at the core's FMA throughput. Built and run by fma-peak.ts when a C compiler is present:
 *   cc -O2 -mavx2 -mfma fma-peak.c -o fma-peak && ./fma-peak 400000000
 */
#include <immintrin.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

int main(int argc, char **argv) {
  long iters = argc > 1 ? atol(argv[1]) : 200000000L;
  __m256 m = _mm256_set1_ps(0.9999999f), d = _mm256_set1_ps(1e-7f);
  __m256 a[12];
  for (int i = 0; i < 12; i++) a[i] = _mm256_set1_ps((float)i);
  struct timespec t0, t1;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  for (long k = 0; k < iters; k++) {
    a[0] = _mm256_fmadd_ps(a[0], m, d); a[1] = _mm256_fmadd_ps(a[1], m, d);
    a[2] = _mm256_fmadd_ps(a[2], m, d); a[3] = _mm256_fmadd_ps(a[3], m, d);
    a[4] = _mm256_fmadd_ps(a[4], m, d); a[5] = _mm256_fmadd_ps(a[5], m, d);
    a[6] = _mm256_fmadd_ps(a[6], m, d); a[7] = _mm256_fmadd_ps(a[7], m, d);
    a[8] = _mm256_fmadd_ps(a[8], m, d); a[9] = _mm256_fmadd_ps(a[9], m, d);
    a[10] = _mm256_fmadd_ps(a[10], m, d); a[11] = _mm256_fmadd_ps(a[11], m, d);
  }
  clock_gettime(CLOCK_MONOTONIC, &t1);
  float sink = 0, lanes[8];
  for (int i = 0; i < 12; i++) { _mm256_storeu_ps(lanes, a[i]); sink += lanes[0]; }
  double s = (t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) * 1e-9;
  /* The sink keeps the chains alive; printed so the compiler cannot drop them. */
  printf("%.2f GFLOP/s (sink %g)\n", iters * 12.0 * 16.0 / s / 1e9, sink);
  return 0;
}
