/** How long a Secrets Manager rotation schedule may leave a secret unrotated. */

/**
 * Upper bound, in days, of the gap between two runs of a Secrets Manager schedule expression.
 * `undefined` when the expression cannot be bounded (the rule then fails: prove it or use days).
 */
export function longestGapDays(expression: string): number | undefined {
  const rate = /^rate\(\s*(\d+)\s+(hour|hours|day|days)\s*\)$/i.exec(expression.trim());
  if (rate) {
    const n = Number(rate[1]);
    return rate[2].toLowerCase().startsWith('hour') ? n / 24 : n;
  }
  const cron = /^cron\((.*)\)$/i.exec(expression.trim());
  if (!cron) return undefined;
  const fields = cron[1].trim().split(/\s+/);
  if (fields.length !== 6) return undefined;
  const [, , dayOfMonth, month, dayOfWeek] = fields;
  const monthGap = longestMonthGap(month);
  if (monthGap === undefined) return undefined;
  if (dayOfMonth === '*' && monthGap === 1) return 1;
  if (dayOfMonth === '?' && dayOfWeek !== '?' && monthGap === 1) return 7;
  // A day that some months lack (29..31) can skip a month: refuse to bound it.
  if (/(^|,)(29|3[01])($|,|-)/.test(dayOfMonth)) return undefined;
  return monthGap * 31;
}

function longestMonthGap(field: string): number | undefined {
  if (field === '*') return 1;
  let months: number[];
  const step = /^(\*|\d{1,2})\/(\d{1,2})$/.exec(field);
  if (step) {
    const start = step[1] === '*' ? 1 : Number(step[1]);
    const every = Number(step[2]);
    if (every < 1) return undefined;
    months = [];
    for (let m = start; m <= 12; m += every) months.push(m);
  } else if (/^\d{1,2}(,\d{1,2})*$/.test(field)) {
    months = [...new Set(field.split(',').map(Number))].sort((a, b) => a - b);
  } else {
    return undefined;
  }
  if (months.length === 0 || months.some((m) => m < 1 || m > 12)) return undefined;
  let gap = 12 - months[months.length - 1] + months[0];
  for (let i = 1; i < months.length; i++) gap = Math.max(gap, months[i] - months[i - 1]);
  return gap;
}
