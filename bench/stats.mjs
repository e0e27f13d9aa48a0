// What every bench section reports with: the median of a sample, and figures rounded to three decimals.

/** The median of `values` (the mean of the two middle ones for an even count). */
export const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

/** `x` rounded to three decimals. */
export const r3 = (x) => Math.round(x * 1000) / 1000;
