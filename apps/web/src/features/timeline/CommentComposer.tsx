import { Button, Group } from '@mantine/core';
import { IconSend } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useUsers } from '../../api/hooks';
import type { TypeMeta } from '../../api/types';
import { errorMessage, fieldErrors } from '../../lib/errors';
import { notifyError, notifySuccess } from '../../lib/notify';
import { useCreateComment, useUpdateComment } from './api';
import { mentionedIds, MentionTextarea } from './MentionTextarea';
import type { Comment } from './types';

interface Props {
  type: TypeMeta;
  itemId: number;
  /** Editing this comment (its author); writing a new one when absent. */
  comment?: Comment;
  onDone?: () => void;
  onCancel?: () => void;
  autoFocus?: boolean;
}

/** Writes a comment on the item's timeline, or edits one; `@Name` mentions notify those users. */
export function CommentComposer({ type, itemId, comment, onDone, onCancel, autoFocus }: Props) {
  const { t } = useTranslation('card');
  const users = useUsers().data ?? [];
  const [text, setText] = useState(comment?.text ?? '');
  const [problem, setProblem] = useState<string | undefined>();
  const create = useCreateComment(type.plural, itemId);
  const update = useUpdateComment(type.plural, itemId);
  const saving = create.isPending || update.isPending;

  const send = () => {
    if (!text.trim() || saving) return;
    const failed = (error: unknown) => {
      setProblem(fieldErrors(error).text);
      notifyError(t('timeline.comment.failed'), errorMessage(error, t));
    };
    if (comment) {
      update.mutate({ commentId: comment.id, text }, { onSuccess: () => onDone?.(), onError: failed });
      return;
    }
    create.mutate(
      { text, mentionIds: mentionedIds(text, users) },
      {
        onSuccess: () => {
          setText('');
          setProblem(undefined);
          notifySuccess(t('timeline.comment.sent'));
          onDone?.();
        },
        onError: failed,
      },
    );
  };

  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        send();
      }}
    >
      <MentionTextarea
        label={comment ? t('timeline.comment.editLabel') : t('timeline.comment.label')}
        placeholder={t('timeline.comment.placeholder')}
        description={t('timeline.comment.hint')}
        value={text}
        onChange={setText}
        onSubmit={send}
        error={problem}
        autoFocus={autoFocus}
      />
      <Group justify="flex-end" gap="xs" mt="sm">
        {onCancel && (
          <Button variant="default" onClick={onCancel}>
            {t('common:actions.cancel')}
          </Button>
        )}
        <Button type="submit" loading={saving} disabled={!text.trim()} leftSection={comment ? undefined : <IconSend size={16} aria-hidden />}>
          {comment ? t('common:actions.save') : t('timeline.comment.send')}
        </Button>
      </Group>
    </form>
  );
}
