import { useEffect, useRef, useState } from 'react';
import { downloadFile } from '../../lib/download';
import { formatCount } from '../../lib/format';
import './lists.css';

/** How a CSV file is built: progress reports, and a way to stop (see `buildCsv`). */
export interface CsvBuildOptions {
  readonly onProgress: (done: number) => void;
  readonly isCancelled: () => boolean;
}

export interface CsvFile {
  readonly blob: Blob;
  readonly filename: string;
}

type State =
  | { readonly kind: 'idle' }
  | { readonly kind: 'building'; readonly done: number }
  | { readonly kind: 'done'; readonly filename: string; readonly rows: number }
  | { readonly kind: 'failed' };

/**
 * `Download CSV`: builds the file of the list as it is filtered, at the moment shown (`build`
 * holds on to that list), in slices while the page stays usable, then hands it to the browser.
 * What it is doing is said in a status next to the button.
 */
export function DownloadCsv({
  noun,
  count,
  build,
}: {
  /** What the rows are, e.g. "orders". */
  noun: string;
  /** How many rows the file will have. */
  count: number;
  build: (options: CsvBuildOptions) => Promise<CsvFile | null>;
}) {
  const [state, setState] = useState<State>({ kind: 'idle' });
  // A page left while the file is built stops building it.
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);
  const building = state.kind === 'building';

  const download = async () => {
    if (building) return;
    setState({ kind: 'building', done: 0 });
    try {
      const file = await build({
        onProgress: (done) => {
          if (mounted.current) setState({ kind: 'building', done });
        },
        isCancelled: () => !mounted.current,
      });
      if (file === null || !mounted.current) return;
      downloadFile(file.blob, file.filename);
      setState({ kind: 'done', filename: file.filename, rows: count });
    } catch {
      if (mounted.current) setState({ kind: 'failed' });
    }
  };

  return (
    <div className="download-csv">
      <button
        type="button"
        className="button"
        aria-disabled={building || undefined}
        onClick={() => void download()}
      >
        Download CSV
      </button>
      <p className="download-csv-status muted" role="status">
        {state.kind === 'building'
          ? `Preparing the file… ${formatCount(state.done)} of ${formatCount(count)} ${noun}`
          : state.kind === 'done'
            ? `Downloaded ${state.filename}: ${formatCount(state.rows)} ${noun}.`
            : state.kind === 'failed'
              ? 'The file could not be made. Nothing was downloaded; try again.'
              : ''}
      </p>
    </div>
  );
}
