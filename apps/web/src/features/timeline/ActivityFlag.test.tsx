import { MantineProvider } from '@mantine/core';
import { render, screen } from '@testing-library/react';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { i18n } from '../../i18n';
import { ActivityFlag } from './ActivityFlag';

const at = (day: number, hours: number) => new Date(2026, 5, day, hours).toISOString();

beforeAll(async () => {
  await i18n.changeLanguage('pt-BR');
});
beforeEach(() => vi.useFakeTimers({ toFake: ['Date'], now: new Date(2026, 5, 17, 9) }));
afterEach(() => vi.useRealTimers());

const flag = (value: unknown, variant: 'card' | 'cell' = 'card') => {
  render(
    <MantineProvider>
      <ActivityFlag value={value} variant={variant} />
    </MantineProvider>,
  );
  return document.querySelector('[data-activity]');
};

describe('the activity flag of lists and Kanban cards', () => {
  it('is red "Atrasada" when the next activity is overdue', () => {
    expect(flag(at(16, 15))).toHaveAttribute('data-activity', 'overdue');
    expect(screen.getByText('Atrasada')).toBeInTheDocument();
  });

  it('is orange "Hoje" when it is due later today; a list cell adds the time', () => {
    expect(flag(at(17, 18), 'cell')).toHaveAttribute('data-activity', 'today');
    expect(screen.getByText('Hoje')).toBeInTheDocument();
    expect(screen.getByText('18:00')).toBeInTheDocument();
  });

  it('is grey "Nada planejado" when nothing is planned', () => {
    expect(flag(null)).toHaveAttribute('data-activity', 'none');
    expect(screen.getByText('Nada planejado')).toBeInTheDocument();
  });

  it('shows a coming activity by its date', () => {
    expect(flag(at(18, 10))).toHaveAttribute('data-activity', 'upcoming');
    expect(screen.getByText('Amanhã, 10:00')).toBeInTheDocument();
  });
});
