#include "hist.h"

#include <math.h>
#include <string.h>

void ls_hist_reset(ls_hist *h) {
  memset(h, 0, sizeof *h);
}

void ls_hist_merge(ls_hist *dst, const ls_hist *src) {
  if (!src->count) return;
  for (unsigned i = 0; i < LS_HIST_BUCKETS; i++)
    dst->counts[i] += src->counts[i];
  if (dst->count == 0 || src->min < dst->min) dst->min = src->min;
  if (src->max > dst->max) dst->max = src->max;
  dst->count += src->count;
  dst->sum += src->sum;
  dst->sumsq += src->sumsq;
}

/* The highest value that falls in bucket i. */
static uint64_t bucket_top(unsigned i) {
  if (i < (1u << LS_HIST_SUB_BITS)) return i;
  unsigned shift = i / LS_HIST_HALF - 1;
  uint64_t sub = i - shift * LS_HIST_HALF; /* 64..127 */
  return ((sub + 1) << shift) - 1;
}

uint64_t ls_hist_percentile(const ls_hist *h, double p) {
  if (!h->count) return 0;
  if (p <= 0) return h->min;
  if (p >= 100) return h->max;
  /* The rank of the wanted value, 1-based: ceil(p% of count). */
  uint64_t rank = (uint64_t)ceil(p / 100.0 * (double)h->count);
  if (rank < 1) rank = 1;
  uint64_t seen = 0;
  for (unsigned i = 0; i < LS_HIST_BUCKETS; i++) {
    seen += h->counts[i];
    if (seen >= rank) {
      uint64_t v = bucket_top(i);
      if (v > h->max) v = h->max;
      if (v < h->min) v = h->min;
      return v;
    }
  }
  return h->max;
}

double ls_hist_mean(const ls_hist *h) {
  return h->count ? h->sum / (double)h->count : 0;
}

double ls_hist_stdev(const ls_hist *h) {
  if (h->count < 2) return 0;
  double m = ls_hist_mean(h);
  double var = h->sumsq / (double)h->count - m * m;
  return var > 0 ? sqrt(var) : 0;
}
