import { createTheme, type MantineColorsTuple } from '@mantine/core';

// Bitrix24's CRM blue, so its users feel at home; contrast of the filled shade checked against white text (AA).
const brand: MantineColorsTuple = ['#e6f4ff', '#cce4ff', '#99c8ff', '#61aaff', '#3590fb', '#1a7ff2', '#0b6fd9', '#005cbf', '#0052ab', '#004694'];

export const theme = createTheme({
  primaryColor: 'brand',
  primaryShade: { light: 7, dark: 5 },
  colors: { brand },
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
  defaultRadius: 'sm',
  focusRing: 'auto',
  cursorType: 'pointer',
  components: {
    Tooltip: { defaultProps: { openDelay: 400, withArrow: true } },
    Modal: { defaultProps: { centered: true } },
  },
});
