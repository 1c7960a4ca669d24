/**
 * A small XML well-formedness check for the generated SVG (no parser dependency): every `<` opens a
 * well-formed tag with quoted attributes, tags nest and close, text has only the five XML entities,
 * and there is exactly one root element.
 */
export function xmlProblems(xml: string): string[] {
  const problems: string[] = [];
  const stack: string[] = [];
  let roots = 0;
  const tag = /<(\/?)([A-Za-z][\w:.-]*)((?:\s+[\w:.-]+="[^"<]*")*)\s*(\/?)>/y;
  let i = 0;
  while (i < xml.length) {
    const lt = xml.indexOf('<', i);
    const text = xml.slice(i, lt === -1 ? xml.length : lt);
    for (const amp of text.matchAll(/&/g)) {
      if (!/^&(amp|lt|gt|quot|#\d+|#39);/.test(text.slice(amp.index))) problems.push(`bare & at ${i + (amp.index ?? 0)}`);
    }
    if (stack.length === 0 && text.trim() !== '') problems.push(`text outside the root: ${JSON.stringify(text.trim().slice(0, 20))}`);
    if (lt === -1) break;
    tag.lastIndex = lt;
    const m = tag.exec(xml);
    if (!m) {
      problems.push(`malformed tag at ${lt}: ${JSON.stringify(xml.slice(lt, lt + 40))}`);
      break;
    }
    const [, closing, name, attributes, selfClosing] = m;
    const names = [...attributes.matchAll(/([\w:.-]+)=/g)].map((a) => a[1]);
    if (new Set(names).size !== names.length) problems.push(`duplicate attribute in <${name}>`);
    if (closing) {
      const open = stack.pop();
      if (open !== name) problems.push(`</${name}> closes <${open ?? 'nothing'}>`);
    } else {
      if (stack.length === 0) roots++;
      if (!selfClosing) stack.push(name);
    }
    i = tag.lastIndex;
  }
  if (stack.length > 0) problems.push(`unclosed: ${stack.join(' > ')}`);
  if (roots !== 1) problems.push(`${roots} root elements`);
  return problems;
}

/** Elements with a given class, counted (the figures mark each data series with class="series"). */
export function countClass(svg: string, className: string): number {
  return [...svg.matchAll(/class="([^"]*)"/g)].filter((m) => m[1].split(/\s+/).includes(className)).length;
}

/** The data-series names, in document order. */
export function seriesNames(svg: string): string[] {
  return [...svg.matchAll(/class="series" data-series="([^"]*)"/g)].map((m) => m[1]);
}
