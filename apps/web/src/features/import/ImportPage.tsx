import { Container, Stack, Title } from '@mantine/core';
import { useNavigate, useSearch } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { useTypes } from '../../api/hooks';
import type { TypeMeta } from '../../api/types';
import { PageLoader } from '../../components/PageLoader';
import { FileStep } from './FileStep';
import { ImportSteps } from './ImportSteps';
import { MappingStep } from './MappingStep';
import { RecentImports } from './RecentImports';

/** Types the user may import into: the import right and the right to add. */
export const importableTypes = (types: TypeMeta[] | undefined) => (types ?? []).filter((type) => type.rights.import !== 'none' && type.rights.add !== 'none');

/**
 * The import wizard's first two steps: the item type and the file, then which field each column fills with a preview
 * of the first rows and the duplicate rule. The type and the uploaded file live in the URL, so a reload keeps them;
 * starting the import goes to /import/{jobId}, which follows it.
 */
export function ImportPage() {
  const { t } = useTranslation('imports');
  const search = useSearch({ from: '/app/import' });
  const navigate = useNavigate({ from: '/import' });
  const types = useTypes();
  if (!types.data) return <PageLoader />;
  const allowed = importableTypes(types.data);
  const type = allowed.find((candidate) => candidate.plural === search.type) ?? allowed.find((candidate) => candidate.plural === 'contacts') ?? allowed[0];

  return (
    <Container size="lg" py="md" px={{ base: 'sm', sm: 'md' }}>
      <Stack gap="lg">
        <Title order={1} size="h2">
          {t('title')}
        </Title>
        <ImportSteps active={search.file === undefined || !type ? 0 : 1} />
        {search.file === undefined || !type ? (
          <>
            <FileStep
              types={allowed}
              type={type}
              onType={(plural) => void navigate({ search: (prev) => ({ ...prev, type: plural }), replace: true })}
              onUploaded={(file) => void navigate({ search: (prev) => ({ ...prev, type: type?.plural, file: file.fileId }) })}
            />
            <RecentImports />
          </>
        ) : (
          <MappingStep
            key={`${type.plural}-${search.file}`}
            type={type}
            fileId={search.file}
            onBack={() => void navigate({ search: (prev) => ({ ...prev, file: undefined }) })}
            onStarted={(jobId) => void navigate({ to: '/import/$jobId', params: { jobId } })}
          />
        )}
      </Stack>
    </Container>
  );
}
