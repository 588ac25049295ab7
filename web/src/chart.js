// The party's own utility space: where the proposals, the draft, the sample packages and its
// walk-away value sit on its utility scale (0 = worst package, 1 = best).
import * as Plot from '@observablehq/plot';

export function utilityChart({ points, walkAway, width }) {
  const marks = [
    Plot.ruleY([0]),
    Plot.barX(points, { x: 'utility', y: 'label', fill: 'kind', sort: { y: '-x' } }),
    Plot.text(points, {
      x: 'utility',
      y: 'label',
      text: (d) => d.utility.toFixed(2),
      dx: 16,
    }),
  ];
  if (walkAway !== undefined && walkAway !== null)
    marks.push(Plot.ruleX([walkAway], { stroke: 'crimson', strokeDasharray: '4,3' }));
  return Plot.plot({
    width: Math.max(280, Math.min(width, 720)),
    marginLeft: 130,
    x: { domain: [0, 1.08], label: 'your utility (red line: walk away)', grid: true },
    y: { label: null },
    color: { legend: true, domain: ['proposal', 'draft', 'sample'], range: ['#4269d0', '#efb118', '#9498a0'] },
    marks,
  });
}
