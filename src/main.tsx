/**
 * The page's entry: it starts reading the log's snapshot at once, and only then loads the app,
 * which opens the log from that reading (most of a start on a long log is the reading).
 */
import { LOG_DATABASE } from './app/logDatabase';
import { readSnapshotAhead } from './store/workerSnapshots';
import './app/app.css';

readSnapshotAhead(LOG_DATABASE);
void import('./app/start');
