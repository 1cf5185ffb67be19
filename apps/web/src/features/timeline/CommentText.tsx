import type { ReactNode } from 'react';
import classes from './Timeline.module.css';

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A comment's text as written (its line breaks kept), each `@Name` of a mentioned user set apart. */
export function CommentText({ text, mentions }: { text: string; mentions: ReadonlyArray<{ id: number; name: string }> }) {
  const names = mentions.map((mention) => mention.name).filter(Boolean).sort((a, b) => b.length - a.length);
  if (names.length === 0) return <div className={classes.text}>{text}</div>;
  const pattern = new RegExp(`(@(?:${names.map(escape).join('|')}))`, 'giu');
  const parts: ReactNode[] = text.split(pattern).map((part, index) =>
    index % 2 === 1 ? (
      <span key={index} className={classes.mention}>
        {part}
      </span>
    ) : (
      part
    ),
  );
  return <div className={classes.text}>{parts}</div>;
}
