/* stdlib_number.c — Number, Number.prototype, Math, and the global number
 * functions (parseInt, parseFloat, isNaN, isFinite).
 *
 * Number(x) (no argument: 0), Number.isInteger, isSafeInteger, isFinite,
 * isNaN (no conversion), parseInt, parseFloat (the globals themselves),
 * MAX_SAFE_INTEGER, MIN_SAFE_INTEGER, EPSILON, MAX_VALUE, MIN_VALUE,
 * POSITIVE_INFINITY, NEGATIVE_INFINITY, NaN.
 *
 * Number.prototype: toFixed, toPrecision and toExponential round the exact
 * binary value half up, as V8 does ((1.005).toFixed(2) is "1.00",
 * (2.5).toFixed(0) is "3"); toString(radix) is V8's DoubleToRadixCString
 * (so (0.1).toString(3) has node's digits); toLocaleString is en-US
 * (grouping commas, at most 3 decimals rounded half-even, as ICU); valueOf.
 *
 * Math: abs acos acosh asin asinh atan atanh atan2 cbrt ceil clz32 cos cosh
 * exp expm1 floor fround hypot imul log log1p log10 log2 max min pow random
 * round sign sin sinh sqrt tan tanh trunc, and E LN10 LN2 LOG10E LOG2E PI
 * SQRT1_2 SQRT2. The transcendental functions and pow are V8's fdlibm
 * (ieee754.c), hypot is V8's algorithm: the same bits as node, not libm's.
 * Math.random is xorshift64*, seeded from the clock; its state lives in the
 * Math.random function object (no global state).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "convert.h"
#include "ieee754.h"
#include "stdlib_int.h"

/* ---- helpers ---- */

static bool this_num(ls_vm *vm, ls_val this_, const char *method, double *out) {
  *out = 0;
  if (this_.t == LS_T_NUM) {
    *out = this_.u.n;
    return true;
  }
  return ls_vm_throw(vm, "TypeError", "Number.prototype.%s requires that 'this' be a Number",
                     method);
}

static bool ret_text(ls_vm *vm, const char *s, size_t n, ls_val *result) {
  *result = ls_strv(ls_str_new(vm, s, n));
  return true;
}

static bool ret_number_string(ls_vm *vm, double x, ls_val *result) {
  char buf[32];
  return ret_text(vm, buf, ls_num_format(x, buf), result);
}

/* The exact decimal digits of x > 0 (no leading zeros, trailing zeros
 * trimmed) and its exponent: x = d[0].d[1]d[2]... * 10^exp. Every double
 * has at most 767 significant digits, and glibc prints them exactly. */
typedef struct digits {
  char d[800];
  int n, exp;
} digits;

static void exact_digits(double x, digits *out) {
  char tmp[840];
  snprintf(tmp, sizeof tmp, "%.780e", x);
  out->n = 0;
  const char *p = tmp;
  for (; *p && *p != 'e'; p++)
    if (*p >= '0' && *p <= '9') out->d[out->n++] = *p;
  out->exp = atoi(p + 1);
  while (out->n > 1 && out->d[out->n - 1] == '0')
    out->n--;
}

/* Keep the first keep digits (>= 1), rounding half up on the exact value;
 * a carry out of the first digit bumps the exponent. Pads with zeros. */
static void round_digits(digits *x, int keep) {
  bool up = keep < x->n && x->d[keep] >= '5';
  for (int i = x->n; i < keep; i++)
    x->d[i] = '0';
  x->n = keep;
  if (!up) return;
  int i = keep - 1;
  while (i >= 0 && x->d[i] == '9')
    x->d[i--] = '0';
  if (i >= 0) {
    x->d[i]++;
  } else { /* 99.9 -> 100 */
    memmove(x->d + 1, x->d, (size_t)keep - 1);
    x->d[0] = '1';
    x->exp++;
  }
}

/* The fewest digits that read back as x > 0 (ToString's digits). */
static void shortest_digits(double x, digits *out) {
  char tmp[40];
  for (int prec = 1; prec <= 17; prec++) {
    snprintf(tmp, sizeof tmp, "%.*e", prec - 1, x);
    if (strtod(tmp, NULL) == x) break;
  }
  out->n = 0;
  const char *q = tmp;
  for (; *q && *q != 'e'; q++)
    if (*q >= '0' && *q <= '9') out->d[out->n++] = *q;
  out->exp = atoi(q + 1);
  while (out->n > 1 && out->d[out->n - 1] == '0')
    out->n--;
}

/* The digit of d worth 10^place. */
static char digit_at(const digits *d, int place) {
  int i = d->exp - place;
  return i >= 0 && i < d->n ? d->d[i] : '0';
}

/* Round d, half up, to a multiple of 10^place. */
static void round_at(digits *d, int place) {
  int keep = d->exp - place + 1;
  if (keep > 0) {
    round_digits(d, keep);
    return;
  }
  bool up = keep == 0 && d->d[0] >= '5'; /* below 10^place: 0 or 10^place */
  d->n = 1;
  d->d[0] = up ? '1' : '0';
  d->exp = place;
}

/* The digits of d from 10^max(exp, 0) down to 10^0, with commas every
 * three if grouped. */
static void add_integer_part(ls_buf *b, const digits *d, bool grouped) {
  int top = d->exp > 0 ? d->exp : 0;
  for (int p = top; p >= 0; p--) {
    ls_buf_addc(b, digit_at(d, p));
    if (grouped && p > 0 && p % 3 == 0) ls_buf_addc(b, ',');
  }
}

static bool digits_arg(ls_vm *vm, ls_val v, double *out) {
  return ls_stdlib__to_integer(vm, v, out);
}

/* ---- Number.prototype ---- */

static bool finish(ls_vm *vm, ls_buf *b, ls_val *result) {
  *result = ls_strv(ls_str_new(vm, b->p, b->len));
  ls_buf_free(b);
  return true;
}

static LS_NATIVE(num_to_fixed) {
  double x = 0, f = 0;
  if (!this_num(vm, this_, "toFixed", &x) || !digits_arg(vm, ls_arg(args, nargs, 0), &f))
    return false;
  if (f < 0 || f > 100)
    return ls_vm_throw(vm, "RangeError", "toFixed() digits argument must be between 0 and 100");
  if (x != x || fabs(x) >= 1e21) return ret_number_string(vm, x, result);
  ls_buf b;
  ls_buf_init(&b);
  if (x < 0) {
    ls_buf_addc(&b, '-');
    x = -x;
  }
  int frac = (int)f;
  digits d = {.n = 1, .exp = 0};
  d.d[0] = '0';
  if (x != 0) {
    exact_digits(x, &d);
    round_at(&d, -frac);
  }
  add_integer_part(&b, &d, false);
  if (frac) ls_buf_addc(&b, '.');
  for (int p = -1; p >= -frac; p--)
    ls_buf_addc(&b, digit_at(&d, p));
  return finish(vm, &b, result);
}

/* d.ddde+X, with the digits of d (n of them). */
static void add_exponential(ls_buf *b, const digits *d) {
  ls_buf_addc(b, d->d[0]);
  if (d->n > 1) {
    ls_buf_addc(b, '.');
    ls_buf_add(b, d->d + 1, (size_t)d->n - 1);
  }
  ls_buf_addf(b, "e%c%d", d->exp < 0 ? '-' : '+', abs(d->exp));
}

static LS_NATIVE(num_to_precision) {
  double x = 0, p = 0;
  if (!this_num(vm, this_, "toPrecision", &x)) return false;
  ls_val pv = ls_arg(args, nargs, 0);
  if (pv.t == LS_T_UNDEF) return ret_number_string(vm, x, result);
  if (!digits_arg(vm, pv, &p)) return false;
  if (x != x || isinf(x)) return ret_number_string(vm, x, result);
  if (p < 1 || p > 100)
    return ls_vm_throw(vm, "RangeError", "toPrecision() argument must be between 1 and 100");
  int prec = (int)p;
  ls_buf b;
  ls_buf_init(&b);
  if (x < 0) {
    ls_buf_addc(&b, '-');
    x = -x;
  }
  digits d = {.n = 1, .exp = 0};
  d.d[0] = '0';
  if (x != 0) exact_digits(x, &d);
  round_digits(&d, prec);
  if (d.exp < -6 || d.exp >= prec) {
    add_exponential(&b, &d);
  } else if (d.exp >= 0) {
    ls_buf_add(&b, d.d, (size_t)d.exp + 1);
    if (prec > d.exp + 1) {
      ls_buf_addc(&b, '.');
      ls_buf_add(&b, d.d + d.exp + 1, (size_t)(prec - d.exp - 1));
    }
  } else {
    ls_buf_adds(&b, "0.");
    ls_buf_fill(&b, '0', (size_t)(-d.exp - 1));
    ls_buf_add(&b, d.d, (size_t)prec);
  }
  return finish(vm, &b, result);
}

static LS_NATIVE(num_to_exponential) {
  double x = 0, f = 0;
  if (!this_num(vm, this_, "toExponential", &x)) return false;
  ls_val fv = ls_arg(args, nargs, 0);
  if (!digits_arg(vm, fv, &f)) return false;
  if (x != x || isinf(x)) return ret_number_string(vm, x, result);
  if (f < 0 || f > 100)
    return ls_vm_throw(vm, "RangeError", "toExponential() argument must be between 0 and 100");
  ls_buf b;
  ls_buf_init(&b);
  if (x < 0) {
    ls_buf_addc(&b, '-');
    x = -x;
  }
  digits d = {.n = 1, .exp = 0};
  d.d[0] = '0';
  if (fv.t == LS_T_UNDEF) { /* as many digits as ToString uses */
    if (x != 0) shortest_digits(x, &d);
  } else {
    if (x != 0) exact_digits(x, &d);
    round_digits(&d, (int)f + 1);
  }
  add_exponential(&b, &d);
  return finish(vm, &b, result);
}

/* V8's DoubleToRadixCString: fraction digits only as far as the double's
 * precision reaches, rounded to even. */
static int exponent_of(double d) {
  uint64_t bits;
  memcpy(&bits, &d, sizeof bits);
  int biased = (int)((bits >> 52) & 0x7ff);
  return biased == 0 ? -1074 : biased - 1075;
}

static void radix_string(double value, int radix, ls_buf *out) {
  static const char chars[] = "0123456789abcdefghijklmnopqrstuvwxyz";
  enum { SIZE = 2200 };
  char buf[SIZE];
  int int_cursor = SIZE / 2, frac_cursor = int_cursor;
  bool negative = value < 0;
  if (negative) value = -value;
  double integer = floor(value), fraction = value - integer;
  double delta = 0.5 * (nextafter(value, INFINITY) - value);
  if (nextafter(0.0, 1.0) > delta) delta = nextafter(0.0, 1.0);
  if (fraction >= delta) {
    buf[frac_cursor++] = '.';
    do {
      fraction *= radix;
      delta *= radix;
      int digit = (int)fraction;
      buf[frac_cursor++] = chars[digit];
      fraction -= digit;
      if (fraction > 0.5 || (fraction == 0.5 && (digit & 1))) {
        if (fraction + delta > 1) {
          /* round up, carrying into the digits written */
          for (;;) {
            frac_cursor--;
            if (frac_cursor == SIZE / 2) {
              integer += 1;
              break;
            }
            char c = buf[frac_cursor];
            int d = c > '9' ? c - 'a' + 10 : c - '0';
            if (d + 1 < radix) {
              buf[frac_cursor++] = chars[d + 1];
              break;
            }
          }
          break;
        }
      }
    } while (fraction >= delta && frac_cursor < SIZE - 1);
  }
  while (exponent_of(integer / radix) > 0) { /* digits the double cannot hold */
    integer /= radix;
    buf[--int_cursor] = '0';
  }
  do {
    double rem = fmod(integer, radix);
    buf[--int_cursor] = chars[(int)rem];
    integer = (integer - rem) / radix;
  } while (integer > 0);
  if (negative) buf[--int_cursor] = '-';
  ls_buf_add(out, buf + int_cursor, (size_t)(frac_cursor - int_cursor));
}

static LS_NATIVE(num_to_string) {
  double x = 0, r = 10;
  if (!this_num(vm, this_, "toString", &x)) return false;
  ls_val rv = ls_arg(args, nargs, 0);
  if (rv.t != LS_T_UNDEF && !ls_stdlib__to_integer(vm, rv, &r)) return false;
  if (r < 2 || r > 36)
    return ls_vm_throw(vm, "RangeError", "toString() radix argument must be between 2 and 36");
  if (r == 10 || x != x || isinf(x)) return ret_number_string(vm, x, result);
  ls_buf b;
  ls_buf_init(&b);
  radix_string(x, (int)r, &b);
  return finish(vm, &b, result);
}

/* en-US, as ICU formats it for node: the shortest digits rounded half away
 * from zero to at most 3 decimals, commas between thousands. */
static LS_NATIVE(num_to_locale_string) {
  double x = 0;
  if (!this_num(vm, this_, "toLocaleString", &x)) return false;
  if (x != x) return ret_text(vm, "NaN", 3, result);
  ls_buf b;
  ls_buf_init(&b);
  if (signbit(x)) ls_buf_addc(&b, '-');
  x = fabs(x);
  if (isinf(x)) {
    ls_buf_adds(&b, "\xe2\x88\x9e"); /* the infinity sign */
    return finish(vm, &b, result);
  }
  digits d = {.n = 1, .exp = 0};
  d.d[0] = '0';
  if (x != 0) {
    shortest_digits(x, &d);
    round_at(&d, -3);
  }
  add_integer_part(&b, &d, true);
  int last = -3;
  while (last < 0 && digit_at(&d, last) == '0')
    last++;
  if (last < 0) ls_buf_addc(&b, '.');
  for (int p = -1; p >= last; p--)
    ls_buf_addc(&b, digit_at(&d, p));
  return finish(vm, &b, result);
}

static LS_NATIVE(num_value_of) {
  double x = 0;
  if (!this_num(vm, this_, "valueOf", &x)) return false;
  *result = ls_num(x);
  return true;
}

/* ---- Number and the global functions ---- */

static LS_NATIVE(number_ctor) {
  double d = 0;
  if (nargs > 0 && !ls_stdlib__to_number(vm, args[0], &d)) return false;
  *result = ls_num(d);
  return true;
}

static double to_int32(double d) {
  if (d != d || isinf(d)) return 0;
  d = fmod(trunc(d), 4294967296.0);
  if (d < 0) d += 4294967296.0;
  return d >= 2147483648.0 ? d - 4294967296.0 : d;
}

static LS_NATIVE(global_parse_int) {
  ls_str *s = ls_to_string(vm, ls_arg(args, nargs, 0));
  if (!s) return false;
  ls_vm_push_root(vm, ls_strv(s));
  double radix = 0;
  bool ok = ls_stdlib__to_number(vm, ls_arg(args, nargs, 1), &radix);
  ls_vm_pop_roots(vm, 1);
  if (!ok) return false;
  *result = ls_num(ls_parse_int(s->bytes, s->len, (int)to_int32(radix)));
  return true;
}

static LS_NATIVE(global_parse_float) {
  ls_str *s = ls_to_string(vm, ls_arg(args, nargs, 0));
  if (!s) return false;
  *result = ls_num(ls_parse_float(s->bytes, s->len));
  return true;
}

static LS_NATIVE(global_is_nan) {
  double d;
  if (!ls_stdlib__to_number(vm, ls_arg(args, nargs, 0), &d)) return false;
  *result = ls_bool(d != d);
  return true;
}

static LS_NATIVE(global_is_finite) {
  double d;
  if (!ls_stdlib__to_number(vm, ls_arg(args, nargs, 0), &d)) return false;
  *result = ls_bool(isfinite(d));
  return true;
}

static bool is_integral(ls_val v) {
  return v.t == LS_T_NUM && isfinite(v.u.n) && trunc(v.u.n) == v.u.n;
}

static LS_NATIVE(number_is_integer) {
  *result = ls_bool(is_integral(ls_arg(args, nargs, 0)));
  return true;
}

static LS_NATIVE(number_is_safe_integer) {
  ls_val v = ls_arg(args, nargs, 0);
  *result = ls_bool(is_integral(v) && fabs(v.u.n) <= 9007199254740991.0);
  return true;
}

static LS_NATIVE(number_is_finite) {
  ls_val v = ls_arg(args, nargs, 0);
  *result = ls_bool(v.t == LS_T_NUM && isfinite(v.u.n));
  return true;
}

static LS_NATIVE(number_is_nan) {
  ls_val v = ls_arg(args, nargs, 0);
  *result = ls_bool(v.t == LS_T_NUM && v.u.n != v.u.n);
  return true;
}

/* ---- Math ---- */

/* One-argument functions: ToNumber, then the C function. */
#define MATH1(name, expr)                                                                          \
  static LS_NATIVE(math_##name) {                                                                  \
    double x;                                                                                      \
    if (!ls_stdlib__to_number(vm, ls_arg(args, nargs, 0), &x)) return false;                       \
    *result = ls_num(expr);                                                                        \
    return true;                                                                                   \
  }

/* Math.round: the nearest integer, halves up; -0 for [-0.5, -0]. */
static double js_round(double x) {
  if (x != x || isinf(x)) return x;
  double r = floor(x);
  if (x - r >= 0.5) r += 1;
  return r == 0 && signbit(x) ? -0.0 : r;
}

static double js_sign(double x) {
  return x != x || x == 0 ? x : x > 0 ? 1 : -1;
}

static double js_clz32(double x) {
  uint32_t u = (uint32_t)(int64_t)to_int32(x);
  int n = 0;
  while (n < 32 && !(u & (0x80000000u >> n)))
    n++;
  return n;
}

MATH1(abs, fabs(x))
MATH1(acos, ls_ieee754_acos(x))
MATH1(acosh, ls_ieee754_acosh(x))
MATH1(asin, ls_ieee754_asin(x))
MATH1(asinh, ls_ieee754_asinh(x))
MATH1(atan, ls_ieee754_atan(x))
MATH1(atanh, ls_ieee754_atanh(x))
MATH1(cbrt, ls_ieee754_cbrt(x))
MATH1(ceil, ceil(x))
MATH1(clz32, js_clz32(x))
MATH1(cos, ls_ieee754_cos(x))
MATH1(cosh, ls_ieee754_cosh(x))
MATH1(exp, ls_ieee754_exp(x))
MATH1(expm1, ls_ieee754_expm1(x))
MATH1(floor, floor(x))
MATH1(fround, (double)(float)x)
MATH1(log, ls_ieee754_log(x))
MATH1(log1p, ls_ieee754_log1p(x))
MATH1(log10, ls_ieee754_log10(x))
MATH1(log2, ls_ieee754_log2(x))
MATH1(round, js_round(x))
MATH1(sign, js_sign(x))
MATH1(sin, ls_ieee754_sin(x))
MATH1(sinh, ls_ieee754_sinh(x))
MATH1(sqrt, sqrt(x))
MATH1(tan, ls_ieee754_tan(x))
MATH1(tanh, ls_ieee754_tanh(x))
MATH1(trunc, trunc(x))

static LS_NATIVE(math_atan2) {
  double y, x;
  if (!ls_stdlib__to_number(vm, ls_arg(args, nargs, 0), &y) ||
      !ls_stdlib__to_number(vm, ls_arg(args, nargs, 1), &x))
    return false;
  *result = ls_num(ls_ieee754_atan2(y, x));
  return true;
}

static LS_NATIVE(math_pow) {
  double x, y;
  if (!ls_stdlib__to_number(vm, ls_arg(args, nargs, 0), &x) ||
      !ls_stdlib__to_number(vm, ls_arg(args, nargs, 1), &y))
    return false;
  *result = ls_num(ls_ieee754_pow(x, y));
  return true;
}

static LS_NATIVE(math_imul) {
  double a, b;
  if (!ls_stdlib__to_number(vm, ls_arg(args, nargs, 0), &a) ||
      !ls_stdlib__to_number(vm, ls_arg(args, nargs, 1), &b))
    return false;
  uint32_t p = (uint32_t)(int64_t)to_int32(a) * (uint32_t)(int64_t)to_int32(b);
  *result = ls_num(to_int32((double)p));
  return true;
}

/* max (is_max) or min: every argument is converted, NaN wins, and
 * +0 > -0. */
static bool min_max(ls_vm *vm, ls_val *args, int nargs, bool is_max, ls_val *result) {
  double r = is_max ? -INFINITY : INFINITY;
  for (int i = 0; i < nargs; i++) {
    double x;
    if (!ls_stdlib__to_number(vm, args[i], &x)) return false;
    if (x != x || r != r)
      r = NAN;
    else if (is_max ? (x > r || (x == 0 && r == 0 && !signbit(x)))
                    : (x < r || (x == 0 && r == 0 && signbit(x))))
      r = x;
  }
  *result = ls_num(r);
  return true;
}

static LS_NATIVE(math_max) {
  return min_max(vm, args, nargs, true, result);
}

static LS_NATIVE(math_min) {
  return min_max(vm, args, nargs, false, result);
}

/* V8's MathHypot: scaled by the largest, summed with Kahan's compensation
 * (not C's hypot, whose last bit can differ). */
static LS_NATIVE(math_hypot) {
  double small[8], *abs_values = nargs <= 8 ? small : malloc((size_t)nargs * sizeof(double));
  if (!abs_values) return ls_vm_throw(vm, "RangeError", "Out of memory");
  double max = 0;
  bool nan = false, ok = true;
  for (int i = 0; i < nargs; i++) {
    double x;
    if (!(ok = ls_stdlib__to_number(vm, args[i], &x))) break;
    abs_values[i] = 0;
    if (x != x)
      nan = true;
    else if ((abs_values[i] = fabs(x)) > max)
      max = abs_values[i];
  }
  double r = 0;
  if (max == INFINITY)
    r = INFINITY;
  else if (nan)
    r = NAN;
  else if (max > 0) {
    double sum = 0, compensation = 0;
    for (int i = 0; i < nargs; i++) {
      double n = abs_values[i] / max, summand = n * n - compensation, preliminary = sum + summand;
      compensation = (preliminary - sum) - summand;
      sum = preliminary;
    }
    r = sqrt(sum) * max;
  }
  if (abs_values != small) free(abs_values);
  if (ok) *result = ls_num(r);
  return ok;
}

/* xorshift64*: the state is split over the function's two data slots
 * (32 bits each, as numbers). */
static LS_NATIVE(math_random) {
  uint64_t x = (uint64_t)self->u.native.data[0].u.n << 32 | (uint64_t)self->u.native.data[1].u.n;
  x ^= x >> 12;
  x ^= x << 25;
  x ^= x >> 27;
  self->u.native.data[0] = ls_num((double)(uint32_t)(x >> 32));
  self->u.native.data[1] = ls_num((double)(uint32_t)x);
  *result = ls_num((double)((x * 0x2545F4914F6CDD1DULL) >> 11) / 9007199254740992.0);
  return true;
}

static void seed_random(ls_vm *vm, ls_obj *fn) {
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  /* splitmix64 of the clock and the interpreter's address */
  uint64_t z = (uint64_t)ts.tv_sec * 1000000007u + (uint64_t)ts.tv_nsec + (uintptr_t)vm;
  z += 0x9e3779b97f4a7c15ULL;
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  z ^= z >> 31;
  if (z == 0) z = 1;
  fn->u.native.data[0] = ls_num((double)(uint32_t)(z >> 32));
  fn->u.native.data[1] = ls_num((double)(uint32_t)z);
}

static const ls_stdlib_fn number_methods[] = {
    {"toFixed", num_to_fixed},
    {"toPrecision", num_to_precision},
    {"toExponential", num_to_exponential},
    {"toString", num_to_string},
    {"toLocaleString", num_to_locale_string},
    {"valueOf", num_value_of},
};

static const ls_stdlib_fn number_statics[] = {
    {"isInteger", number_is_integer},
    {"isSafeInteger", number_is_safe_integer},
    {"isFinite", number_is_finite},
    {"isNaN", number_is_nan},
};

static const ls_stdlib_fn math_fns[] = {
    {"abs", math_abs},       {"acos", math_acos},   {"acosh", math_acosh}, {"asin", math_asin},
    {"asinh", math_asinh},   {"atan", math_atan},   {"atanh", math_atanh}, {"atan2", math_atan2},
    {"cbrt", math_cbrt},     {"ceil", math_ceil},   {"clz32", math_clz32}, {"cos", math_cos},
    {"cosh", math_cosh},     {"exp", math_exp},     {"expm1", math_expm1}, {"floor", math_floor},
    {"fround", math_fround}, {"hypot", math_hypot}, {"imul", math_imul},   {"log", math_log},
    {"log1p", math_log1p},   {"log10", math_log10}, {"log2", math_log2},   {"max", math_max},
    {"min", math_min},       {"pow", math_pow},     {"round", math_round}, {"sign", math_sign},
    {"sin", math_sin},       {"sinh", math_sinh},   {"sqrt", math_sqrt},   {"tan", math_tan},
    {"tanh", math_tanh},     {"trunc", math_trunc},
};

static void set_num(ls_vm *vm, ls_obj *o, const char *name, double d) {
  ls_set_cstr(vm, o, name, ls_num(d));
}

void ls_stdlib__install_number(ls_vm *vm, ls_obj *global) {
  ls_obj *proto = ls_stdlib__proto(vm, &vm->num_proto);
  ls_stdlib__define(vm, proto, number_methods, sizeof number_methods / sizeof number_methods[0]);

  ls_obj *parse_int = ls_stdlib__global_fn(vm, global, "parseInt", global_parse_int);
  ls_obj *parse_float = ls_stdlib__global_fn(vm, global, "parseFloat", global_parse_float);
  ls_stdlib__global_fn(vm, global, "isNaN", global_is_nan);
  ls_stdlib__global_fn(vm, global, "isFinite", global_is_finite);
  set_num(vm, global, "NaN", NAN);
  set_num(vm, global, "Infinity", INFINITY);

  ls_obj *number = ls_stdlib__global_fn(vm, global, "Number", number_ctor);
  ls_stdlib__define(vm, number, number_statics, sizeof number_statics / sizeof number_statics[0]);
  ls_set_cstr(vm, number, "parseInt", ls_objv(parse_int)); /* the same functions, as in node */
  ls_set_cstr(vm, number, "parseFloat", ls_objv(parse_float));
  ls_props_set(vm, &number->props, vm->s_prototype, ls_objv(proto));
  set_num(vm, number, "MAX_SAFE_INTEGER", 9007199254740991.0);
  set_num(vm, number, "MIN_SAFE_INTEGER", -9007199254740991.0);
  set_num(vm, number, "EPSILON", 2.220446049250313e-16);
  set_num(vm, number, "MAX_VALUE", 1.7976931348623157e308);
  set_num(vm, number, "MIN_VALUE", 5e-324);
  set_num(vm, number, "POSITIVE_INFINITY", INFINITY);
  set_num(vm, number, "NEGATIVE_INFINITY", -INFINITY);
  set_num(vm, number, "NaN", NAN);

  ls_obj *math = ls_obj_new(vm, LS_C_OBJECT);
  ls_set_cstr(vm, global, "Math", ls_objv(math));
  ls_stdlib__define(vm, math, math_fns, sizeof math_fns / sizeof math_fns[0]);
  ls_obj *random = ls_native_new(vm, "random", math_random);
  seed_random(vm, random);
  ls_set_cstr(vm, math, "random", ls_objv(random));
  set_num(vm, math, "E", M_E);
  set_num(vm, math, "LN10", M_LN10);
  set_num(vm, math, "LN2", M_LN2);
  set_num(vm, math, "LOG10E", M_LOG10E);
  set_num(vm, math, "LOG2E", M_LOG2E);
  set_num(vm, math, "PI", M_PI);
  set_num(vm, math, "SQRT1_2", M_SQRT1_2);
  set_num(vm, math, "SQRT2", M_SQRT2);
}
