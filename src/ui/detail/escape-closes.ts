/** A window keydown handler for a detail pane: Escape closes it wherever focus is. */
export function escapeCloses(close: () => void): (event: KeyboardEvent) => void {
  return (event) => {
    if (event.key !== 'Escape') return;
    event.preventDefault();
    close();
  };
}
