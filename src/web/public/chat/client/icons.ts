/**
 * Icons as inline SVG (built with createElementNS: no markup is parsed), so they show on machines
 * without an emoji font, where 👍/👎 would be empty boxes. Decorative: the buttons carry labels.
 */
const PATHS = {
  thumbUp: 'M2 10h4v11H2zM8 21h9.3a2 2 0 0 0 2-1.6l1.6-7A2 2 0 0 0 19 10h-5.2l.8-4.1A2 2 0 0 0 12.7 3.5L8 9.3z',
  thumbDown: 'M2 3h4v11H2zM8 3h9.3a2 2 0 0 1 2 1.6l1.6 7A2 2 0 0 1 19 14h-5.2l.8 4.1a2 2 0 0 1-1.9 2.4L8 14.7z',
  copy: 'M8 8h11v13H8zM5 16H4V3h11v1',
  print: 'M6 9V3h12v6M6 18H3v-8h18v8h-3M6 14h12v7H6z',
  external: 'M14 3h7v7M21 3l-9 9M19 14v6H4V5h6',
  list: 'M8 6h13M8 12h13M8 18h13M3 6h.01M3 12h.01M3 18h.01',
} as const;
export type IconName = keyof typeof PATHS;

const NS = 'http://www.w3.org/2000/svg';

export function icon(name: IconName): SVGSVGElement {
  const svg = document.createElementNS(NS, 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('width', '18');
  svg.setAttribute('height', '18');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('focusable', 'false');
  svg.setAttribute('class', 'icon icon-' + name);
  const path = document.createElementNS(NS, 'path');
  path.setAttribute('d', PATHS[name]);
  path.setAttribute('fill', 'none');
  path.setAttribute('stroke', 'currentColor');
  path.setAttribute('stroke-width', '2');
  path.setAttribute('stroke-linecap', 'round');
  path.setAttribute('stroke-linejoin', 'round');
  svg.append(path);
  return svg;
}
