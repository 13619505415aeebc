/** Text colours that keep 4.5:1 contrast on white and on striped or hovered table rows. */
export const BAD_TEXT = '#b02525';
export const GOOD_TEXT = '#1f6b2e';
export const WARN_TEXT = '#9a3a08';

/** Select options from a label table, in the table's order. */
export const options = <K extends string>(labels: Record<K, string>) =>
  (Object.keys(labels) as K[]).map((value) => ({ value, label: labels[value] }));
