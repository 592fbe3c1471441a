import type { TaskList } from "graphile-worker";
import ensure_cluster_probes from "./ensure_cluster_probes";
import ensure_watchers from "./ensure_watchers";
import probe_cluster from "./probe_cluster";
import prune_login_attempts from "./prune_login_attempts";
import run_operation from "./run_operation";
import send_alerts from "./send_alerts";
import start_session_cluster from "./start_session_cluster";
import stop_session_cluster from "./stop_session_cluster";
import watch_k8s from "./watch_k8s";
import watch_yarn from "./watch_yarn";

/** Every task, keyed by its identifier (= its file name). */
export const taskList: TaskList = {
  ensure_cluster_probes,
  ensure_watchers,
  probe_cluster,
  prune_login_attempts,
  run_operation,
  send_alerts,
  start_session_cluster,
  stop_session_cluster,
  watch_k8s,
  watch_yarn,
};
