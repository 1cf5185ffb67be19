import { Highlight } from '@mantine/core';
import { IconArrowRight } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { highlightTerms } from './highlight';
import type { SearchGroup, SearchOption } from './search-options';
import { SearchTypeIcon } from './SearchTypeIcon';
import classes from './SearchDialog.module.css';

interface Props {
  id: string;
  groups: SearchGroup[];
  activeKey: string | null;
  /** The text the results answer (marks what matched). */
  query: string;
  optionId: (key: string) => string;
  onActivate: (key: string) => void;
  onOpen: (option: SearchOption) => void;
}

/**
 * The hits as one listbox, a group per type under its name. Focus stays in the search box (aria-activedescendant
 * points at the active option), so typing and moving never fight; the mouse picks as well.
 */
export function SearchResults({ id, groups, activeKey, query, optionId, onActivate, onOpen }: Props) {
  const { t } = useTranslation('search');
  return (
    <div role="listbox" id={id} aria-label={t('results')}>
      {groups.map((group) => {
        const labelId = `${id}-${group.type}`;
        const typeLabel = t(`common:types.${group.plural}`);
        return (
          <div key={group.type} role="group" aria-labelledby={labelId} className={classes.group}>
            <div id={labelId} className={classes.groupLabel} role="presentation">
              {typeLabel}
            </div>
            {group.options.map((option) => (
              <div
                key={option.key}
                id={optionId(option.key)}
                role="option"
                aria-selected={option.key === activeKey}
                className={option.kind === 'more' ? `${classes.option} ${classes.more}` : classes.option}
                onMouseMove={() => option.key !== activeKey && onActivate(option.key)}
                // Keep the focus in the search box: the click opens, the box stays ready to type.
                onMouseDown={(event) => event.preventDefault()}
                onClick={() => onOpen(option)}
              >
                {option.kind === 'hit' ? (
                  <>
                    <SearchTypeIcon type={group.type} />
                    <div className={classes.optionText}>
                      <Highlight highlight={highlightTerms(option.hit.title, query)} size="sm" fw={500} lineClamp={2}>
                        {option.hit.title}
                      </Highlight>
                      {option.hit.subtitle && (
                        <Highlight highlight={highlightTerms(option.hit.subtitle, query)} size="xs" c="dimmed" lineClamp={2}>
                          {option.hit.subtitle}
                        </Highlight>
                      )}
                    </div>
                  </>
                ) : (
                  <>
                    <span className={classes.optionText}>{t('more', { type: typeLabel })}</span>
                    <IconArrowRight size={16} aria-hidden />
                  </>
                )}
              </div>
            ))}
          </div>
        );
      })}
    </div>
  );
}
