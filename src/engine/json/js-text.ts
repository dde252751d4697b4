/**
 * `String(value)` for JSON data, as JavaScript converts it where Kibana builds text from event
 * values (templates, `join`): arrays joined with "," at every level, null and undefined items as
 * empty text, objects as "[object Object]". `Array.prototype.join` recurses into nested arrays and
 * overflows the stack a few thousand levels down; this walks with an explicit stack. `separator`
 * joins the outermost array only, as `value.join(separator)` does. An object is never asked for
 * its own `toString`, which event data can set to a non-function (JavaScript would throw).
 */
export function jsText(value: unknown, separator = ','): string {
  if (!Array.isArray(value)) return leafText(value);
  let out = '';
  const arrays: (readonly unknown[])[] = [value];
  const positions: number[] = [0];
  while (arrays.length > 0) {
    const depth = arrays.length - 1;
    const array = arrays[depth]!;
    const position = positions[depth]!;
    if (position === array.length) {
      arrays.pop();
      positions.pop();
      continue;
    }
    positions[depth] = position + 1;
    if (position > 0) out += depth === 0 ? separator : ',';
    const item = array[position];
    if (Array.isArray(item)) {
      arrays.push(item);
      positions.push(0);
    } else if (item !== null && item !== undefined) {
      out += leafText(item);
    }
  }
  return out;
}

function leafText(value: unknown): string {
  return typeof value === 'object' && value !== null ? '[object Object]' : String(value);
}
