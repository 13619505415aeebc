import { type CSSVariablesResolver, createTheme, type MantineColorsTuple } from '@mantine/core';

/** Deep teal: calm, institutional; shade 8 carries white text at better than 6:1. */
const steward: MantineColorsTuple = [
  '#e6f4f5',
  '#cde6e8',
  '#9ccdd2',
  '#67b3bb',
  '#3d9ca6',
  '#248d98',
  '#138591',
  '#00737e',
  '#006670',
  '#00545e',
];

export const theme = createTheme({
  primaryColor: 'steward',
  primaryShade: { light: 8, dark: 6 },
  colors: { steward },
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", "Noto Sans", "Liberation Sans", Arial, sans-serif',
  headings: {
    fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", "Noto Sans", "Liberation Sans", Arial, sans-serif',
    fontWeight: '650',
  },
  defaultRadius: 'md',
  focusRing: 'auto',
  cursorType: 'pointer',
  components: {
    Table: { defaultProps: { verticalSpacing: 'sm', horizontalSpacing: 'sm' } },
    Paper: { defaultProps: { withBorder: true, radius: 'md' } },
    Modal: { defaultProps: { closeButtonProps: { 'aria-label': 'Close dialog' } } },
    Notification: {
      defaultProps: { closeButtonProps: { 'aria-label': 'Dismiss notification' } },
      // Mantine's grey description text is 3.3:1 on white; the dimmed colour meets WCAG AA.
      styles: { description: { color: 'var(--mantine-color-dimmed)' } },
    },
    // Badges never truncate: in tight table cells the cell grows instead.
    Badge: { defaultProps: { variant: 'light', radius: 'sm' }, styles: { root: { minWidth: 'max-content' } } },
  },
});

/** Palettes whose shade 9 is still below 4.5:1 on a tinted background get a darker text colour. */
const DARK_TEXT: Record<string, string> = {
  yellow: '#7a4f00',
  orange: '#9a3a08',
  green: '#1f6b2e',
  teal: '#086b4d',
  cyan: '#0a5f6e',
  red: '#b02525',
};

/**
 * WCAG AA contrast: Mantine's default "dimmed" grey and the text colour of light/outline
 * variants are too pale on white, so darken them for every palette.
 */
export const cssVariablesResolver: CSSVariablesResolver = (t) => {
  const light: Record<string, string> = {
    '--mantine-color-dimmed': 'var(--mantine-color-gray-7)',
    '--mantine-color-placeholder': '#676e75',
    '--mantine-color-error': '#c92a2a',
  };
  for (const name of Object.keys(t.colors)) {
    const text = DARK_TEXT[name] ?? `var(--mantine-color-${name}-9)`;
    light[`--mantine-color-${name}-light-color`] = text;
    light[`--mantine-color-${name}-outline`] = text;
  }
  return { variables: {}, light, dark: {} };
};
