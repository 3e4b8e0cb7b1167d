/**
 * An invisible table row that stands for rows not rendered (above or below the ones in view), so
 * the table keeps its height and the scroll position its meaning.
 */
export function SpacerRow({ height, span }: { height: number; span: number }) {
  if (height <= 0) return null;
  return (
    <tr aria-hidden="true" className="spacer-row">
      <td colSpan={span} style={{ height, padding: 0, border: 0 }} />
    </tr>
  );
}
