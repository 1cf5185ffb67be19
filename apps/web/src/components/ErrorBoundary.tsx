import { Alert, Button, Stack, Text } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { QueryClientContext } from '@tanstack/react-query';
import { Component, type ContextType, type ErrorInfo, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

interface Props {
  children: ReactNode;
  /** Changes of this key (e.g. the route) clear a caught error. */
  resetKey?: unknown;
}

interface State {
  error: Error | null;
}

/**
 * Catches a crashing component so the rest of the screen stays usable; "Reload" draws the part again. An answer the
 * part could not handle may be what crashed it, so drawing it again first forgets the cached answers no screen shows
 * now (the crashed part's among them): they are fetched afresh.
 */
export class ErrorBoundary extends Component<Props, State> {
  static contextType = QueryClientContext;
  declare context: ContextType<typeof QueryClientContext>;
  state: State = { error: null };

  static getDerivedStateFromError(error: Error): State {
    return { error };
  }

  componentDidCatch(error: Error, info: ErrorInfo) {
    console.error('A component crashed', error, info.componentStack);
  }

  componentDidUpdate(previous: Props) {
    if (this.state.error && previous.resetKey !== this.props.resetKey) this.reset();
  }

  reset = () => {
    this.context?.removeQueries({ type: 'inactive' });
    this.setState({ error: null });
  };

  render() {
    if (this.state.error) return <CrashNotice onReset={this.reset} />;
    return this.props.children;
  }
}

function CrashNotice({ onReset }: { onReset: () => void }) {
  const { t } = useTranslation();
  return (
    <Alert color="red" icon={<IconAlertTriangle aria-hidden />} title={t('errors.crashed')} m="md" role="alert">
      <Stack gap="xs" align="flex-start">
        <Text size="sm">{t('errors.crashedHint')}</Text>
        <Button size="xs" variant="light" color="red" c="red.9" onClick={onReset}>
          {t('actions.reload')}
        </Button>
      </Stack>
    </Alert>
  );
}
