/**
 * The last result of `fn`, reused while it is called with the same arguments (by identity).
 * The Book page's views keep their derived data (the table's sort keys, the pyramid, the
 * pipeline) in these at module level, so switching back to a view does not recompute 100k rows
 * whose inputs have not changed.
 */
export function memoizeOne<A extends readonly unknown[], R>(
  fn: (...args: A) => R,
): (...args: A) => R {
  let last: { readonly args: A; readonly result: R } | undefined;
  return (...args: A): R => {
    if (last && last.args.length === args.length && last.args.every((a, i) => a === args[i])) {
      return last.result;
    }
    const result = fn(...args);
    last = { args, result };
    return result;
  };
}
