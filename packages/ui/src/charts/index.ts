// Public API of the charts area: the cost table, the line chart, and the pure helpers they use.
export { CostTableView, PipelineCostTable } from './CostTableView.js';
export type { CostTableViewProps, PipelineCostTableProps } from './CostTableView.js';
export { LineChart } from './LineChart.js';
export type { LineChartProps, LineSeries } from './LineChart.js';
export { formatThousands, formatSi, formatBytes, formatCount } from './format-number.js';
export type { NumberFormat } from './format-number.js';
export { linearScale, valueExtent, niceTicks, linePath } from './line-chart-geometry.js';
export type { Scale } from './line-chart-geometry.js';
