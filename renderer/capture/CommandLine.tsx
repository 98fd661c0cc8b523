/** A command shown exactly as it runs, with a button that copies it. */
import { useState } from 'react';

export function CommandLine({ text, label = 'perf command line' }: { text: string; label?: string }) {
  const [copied, setCopied] = useState(false);
  const copy = (): void => {
    void navigator.clipboard
      ?.writeText(text)
      .then(() => {
        setCopied(true);
        setTimeout(() => setCopied(false), 1500);
      })
      .catch(() => undefined);
  };
  return (
    <div className="command-line">
      <code aria-label={label} data-testid="command-line">
        {text}
      </code>
      <button type="button" onClick={copy} title="Copy the command">
        {copied ? 'Copied' : 'Copy'}
      </button>
    </div>
  );
}
