/** A dismissible line under the toolbar: errors as alerts, notices as status. Text only. */
export function MessageBanner({ kind, message, onDismiss }: { kind: 'error' | 'notice'; message: string; onDismiss(): void }) {
  return (
    <div className={`banner ${kind}`} role={kind === 'error' ? 'alert' : 'status'}>
      <span>{message}</span>
      <button type="button" onClick={onDismiss} aria-label="Dismiss">
        ×
      </button>
    </div>
  );
}
