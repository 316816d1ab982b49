/* ieee754 — the math functions as V8 computes them (fdlibm).
 *
 * C's libm is more accurate than fdlibm in the last bit now and then, and
 * so prints other digits: Math.sin(1e6), Math.cbrt(27) or 1.1 ** 10 must
 * give node's digits, so Math and the ** operator use these instead of
 * <math.h>. A C port of V8's src/base/ieee754.cc (itself fdlibm 5.3, Sun
 * Microsystems, freely redistributable with its notice, kept in the .c).
 */
#ifndef LS_IEEE754_H
#define LS_IEEE754_H

double ls_ieee754_acos(double x);
double ls_ieee754_acosh(double x);
double ls_ieee754_asin(double x);
double ls_ieee754_asinh(double x);
double ls_ieee754_atan(double x);
double ls_ieee754_atanh(double x);
double ls_ieee754_atan2(double y, double x);
double ls_ieee754_cbrt(double x);
double ls_ieee754_cos(double x);
double ls_ieee754_cosh(double x);
double ls_ieee754_exp(double x);
double ls_ieee754_expm1(double x);
double ls_ieee754_log(double x);
double ls_ieee754_log1p(double x);
double ls_ieee754_log2(double x);
double ls_ieee754_log10(double x);
double ls_ieee754_sin(double x);
double ls_ieee754_sinh(double x);
double ls_ieee754_tan(double x);
double ls_ieee754_tanh(double x);
/* x ** y with JavaScript's special cases: NaN exponent is NaN, and
 * (+-1) ** (+-Infinity) is NaN (C's pow gives 1). */
double ls_ieee754_pow(double x, double y);

#endif
