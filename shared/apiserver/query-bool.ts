/**
 * A boolean query parameter as kube-apiserver decodes one (apimachinery's
 * Convert_Slice_string_To_bool, behind every options struct: ListOptions.watch,
 * allowWatchBookmarks, sendInitialEvents, PatchOptions.force, PodLogOptions.follow, ...):
 * absent is false, `0` and `false` in any case are false, every other value is true, even an
 * empty one (`?watch`). So `watch=True`, `watch=1`, `watch=t` start a watch, and no value is ever
 * refused.
 */
export function queryBool(query: URLSearchParams, name: string): boolean {
  const values = query.getAll(name);
  if (values.length === 0) return false;
  const v = values[0];
  return !(v === '0' || v.toLowerCase() === 'false');
}

/** The same for an optional boolean (`*bool` upstream): undefined when absent. */
export function queryOptionalBool(query: URLSearchParams, name: string): boolean | undefined {
  return query.has(name) ? queryBool(query, name) : undefined;
}
