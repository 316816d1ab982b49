/* hist — a latency histogram with log-linear buckets (HdrHistogram's layout).
 *
 * Values are unsigned 64-bit (the load generator records nanoseconds). Below
 * 128 every value has its own bucket; above, each power of two is split into
 * 64 equal sub-buckets, so a bucket spans at most 1/64 of its values and any
 * percentile read back is within 1.6% of the exact one, whatever the range:
 * 100 ns and 100 s are stored with the same relative precision. Recording is
 * a count-leading-zeros, a shift and an increment — no allocation, no search.
 *
 * Debian has no C HdrHistogram (only the Java and Go ones), hence this file.
 * Not thread-safe: one thread records, and readers copy under their own lock.
 */
#ifndef LS_HIST_H
#define LS_HIST_H

#include <stdint.h>

#define LS_HIST_SUB_BITS 7 /* 128 linear buckets, then 64 per power of two */
#define LS_HIST_HALF     (1u << (LS_HIST_SUB_BITS - 1))
#define LS_HIST_BUCKETS  ((64 - LS_HIST_SUB_BITS + 1) * LS_HIST_HALF + LS_HIST_HALF)

typedef struct ls_hist {
  uint64_t count;
  uint64_t min, max; /* exact */
  double sum, sumsq; /* for the mean and the standard deviation */
  uint64_t counts[LS_HIST_BUCKETS];
} ls_hist;

void ls_hist_reset(ls_hist *h);

/* The bucket a value falls in. */
static inline unsigned ls_hist_index(uint64_t v) {
  if (v < (1u << LS_HIST_SUB_BITS)) return (unsigned)v;
  unsigned msb = 63u - (unsigned)__builtin_clzll(v);
  unsigned shift = msb - (LS_HIST_SUB_BITS - 1); /* keeps the top 7 bits: 64..127 */
  return shift * LS_HIST_HALF + (unsigned)(v >> shift);
}

static inline void ls_hist_record(ls_hist *h, uint64_t v) {
  h->counts[ls_hist_index(v)]++;
  if (h->count == 0 || v < h->min) h->min = v;
  if (v > h->max) h->max = v;
  h->count++;
  double d = (double)v;
  h->sum += d;
  h->sumsq += d * d;
}

/* Add every value of src into dst. */
void ls_hist_merge(ls_hist *dst, const ls_hist *src);

/* The value at percentile p (0..100): the smallest recorded value v such
 * that at least p% of the values are <= v, give or take its bucket's width
 * (the answer is the bucket's highest value, clamped to the exact max).
 * 0 when empty. */
uint64_t ls_hist_percentile(const ls_hist *h, double p);

double ls_hist_mean(const ls_hist *h);
double ls_hist_stdev(const ls_hist *h);

#endif
