/**
 * Python's `round(x, 3)`: the exact binary value rounded to 3 decimals, ties to even.
 * `toFixed` already rounds the exact value; it differs from Python only on exact ties, which for
 * 3 decimals happen only at odd multiples of 1/16 (x·1000 = q·62.5 with q odd).
 */
export function roundHalfEven3(x: number): number {
  if (!Number.isFinite(x)) return x;
  const sixteenths = x * 16; // exact: multiplying by a power of two
  if (Number.isInteger(sixteenths) && Math.abs(sixteenths) % 2 === 1) {
    const thousandths = sixteenths * 62.5; // exact, ends in .5
    const down = Math.floor(thousandths);
    const even = down % 2 === 0 ? down : down + 1;
    return even / 1000;
  }
  return Number(x.toFixed(3));
}
