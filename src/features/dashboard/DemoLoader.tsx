import { Link } from 'react-router';
import { useDesk } from '../../ui/desk-context';
import { demoSizes, useDemoStore } from './demoStore';
import { formatCount } from '../../lib/format';

/** The empty desk's next steps: register a customer, or load a generated history. */
export function DemoLoader() {
  const desk = useDesk();
  const size = useDemoStore((state) => state.size);
  const progress = useDemoStore((state) => state.progress);
  const error = useDemoStore((state) => state.error);
  const setSize = useDemoStore((state) => state.setSize);
  const load = useDemoStore((state) => state.load);
  const loading = progress !== null;

  return (
    <section className="empty-state demo-loader" aria-labelledby="demo-title">
      <h2 id="demo-title">{loading ? 'Loading demo data…' : 'Nothing here yet'}</h2>
      <p>
        Register your first customer on the <Link to="/customers">Customers</Link> page, then place
        an order for them. Or load demo data to try the desk with a generated history of customers
        and orders.
      </p>
      <form
        className="demo-controls"
        onSubmit={(event) => {
          event.preventDefault();
          void load(desk, size);
        }}
      >
        <div className="field">
          <label htmlFor="demo-size">Demo size</label>
          <select
            id="demo-size"
            value={size}
            disabled={loading}
            onChange={(event) => {
              setSize(Number(event.target.value));
            }}
          >
            {demoSizes.map((events) => (
              <option key={events} value={events}>
                {formatCount(events)} events
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="button button-primary" disabled={loading}>
          Load demo data
        </button>
      </form>
      {progress && (
        <div className="demo-progress">
          <progress aria-label="Loading demo data" max={progress.total} value={progress.written} />
          <p className="muted">
            {formatCount(progress.written)} of {formatCount(progress.total)} events written
          </p>
        </div>
      )}
      {error !== null && <p role="alert">{error}</p>}
    </section>
  );
}
