/** The validator reports drift: anything the specs do not allow, except the documented errata. */
import { describe, expect, it } from "vitest";
import { ERRATA, validateCrd, validateJobManagerResponse, validateSqlGatewayResponse } from "../spec-validator";

const JOB = "0123456789abcdef0123456789abcdef";

describe("validateJobManagerResponse", () => {
  it("allows exactly the documented errata", () => {
    expect(ERRATA.jobmanager.map((e) => e.id)).toEqual([
      "taskmanager-ids",
      "hex-ids-modelled-as-objects",
      "latest-checkpoints-null",
      "nan-percentiles",
      "savepoint-status-oneof",
      "serialized-throwable-wire",
      "job-config-wire",
      "flink-1.x-exceptions-fields",
    ]);
    expect(ERRATA.sqlGateway.map((e) => e.id)).toEqual(["fetch-results-wire-format"]);
  });

  it("reports unknown properties, wrong types and enum values", () => {
    expect(validateJobManagerResponse("GET", "/overview", 200, { "jobs-running": 1, taskmanagers: 2 })).toEqual([]);
    expect(validateJobManagerResponse("GET", "/overview", 200, { "jobs-runing": 1 }).join()).toContain("'jobs-runing'");
    expect(validateJobManagerResponse("GET", "/overview", 200, { "jobs-running": "1" }).join()).toContain("/jobs-running must be integer");
    expect(validateJobManagerResponse("GET", "/jobs", 200, { jobs: [{ id: JOB, status: "CANCELLED" }] }).join()).toContain("allowed values");
    expect(validateJobManagerResponse("GET", "/jobs", 200, { jobs: [{ id: "not-hex", status: "RUNNING" }] }).join()).toContain("pattern");
  });

  it("accepts the wire where the spec is known to be wrong, and nothing more", () => {
    expect(validateJobManagerResponse("GET", "/taskmanagers", 200, { taskmanagers: [{ id: "10.0.0.5:41234-a1b2c3" }] })).toEqual([]);
    expect(validateJobManagerResponse("GET", "/taskmanagers", 200, { taskmanagers: [{ id: "" }] })).not.toEqual([]);
    const empty = { counts: { completed: 0 }, latest: { completed: null, savepoint: null, failed: null, restored: null }, summary: { state_size: { min: 0, p50: "NaN" } }, history: [] };
    expect(validateJobManagerResponse("GET", `/jobs/${JOB}/checkpoints`, 200, empty)).toEqual([]);
    expect(validateJobManagerResponse("GET", `/jobs/${JOB}/checkpoints`, 200, { ...empty, counts: { completed: null } })).not.toEqual([]);
    expect(validateJobManagerResponse("GET", `/jobs/${JOB}/checkpoints`, 200, { ...empty, summary: { state_size: { min: "NaN" } } })).not.toEqual([]);
    expect(validateJobManagerResponse("GET", "/jobs/{jobid}", 200, { vertices: [{ slotSharingGroupId: JOB }] })).toEqual([]);
    expect(validateJobManagerResponse("GET", "/jobs/{jobid}", 200, { vertices: [{ slotSharingGroupId: { bytes: "AA==" } }] })).not.toEqual([]);
    expect(validateJobManagerResponse("GET", "/jobs/{jobid}/savepoints/{triggerid}", 200, { status: { id: "COMPLETED" }, operation: { location: "s3://x/savepoint-1" } })).toEqual([]);
    expect(validateJobManagerResponse("GET", "/jobs/{jobid}/savepoints/{triggerid}", 200, { status: { id: "DONE" } })).not.toEqual([]);
  });

  it("checks checkpoint history entries by their className", () => {
    const entry = { className: "completed", id: 1, status: "COMPLETED", external_path: "file:/c/chk-1" };
    expect(validateJobManagerResponse("GET", "/jobs/{jobid}/checkpoints", 200, { history: [entry] })).toEqual([]);
    expect(validateJobManagerResponse("GET", "/jobs/{jobid}/checkpoints", 200, { history: [{ ...entry, className: "in_progress" }] })).not.toEqual([]);
    expect(validateJobManagerResponse("GET", "/jobs/{jobid}/checkpoints", 200, { history: [{ id: 1 }] })).not.toEqual([]);
  });

  it("knows which answers exist", () => {
    expect(validateJobManagerResponse("GET", "/nope", 200, {}).join()).toContain("no such path");
    expect(validateJobManagerResponse("POST", "/overview", 200, {}).join()).toContain("no such operation");
    expect(validateJobManagerResponse("PATCH", `/jobs/${JOB}`, 200, {}).join()).toContain("status 200 is not a documented answer");
    expect(validateJobManagerResponse("PATCH", `/v1/jobs/${JOB}?mode=cancel`, 202, {})).toEqual([]);
    expect(validateJobManagerResponse("PATCH", `/jobs/${JOB}`, 202, { ok: true })).not.toEqual([]);
    expect(validateJobManagerResponse("GET", `/jobs/${JOB}`, 404, { errors: ["NotFoundException: Job x not found"] })).toEqual([]);
    expect(validateJobManagerResponse("GET", `/jobs/${JOB}`, 404, { error: "x" })).not.toEqual([]);
  });
});

describe("validateSqlGatewayResponse", () => {
  const page = {
    resultType: "PAYLOAD",
    isQueryResult: false,
    jobID: JOB,
    resultKind: "SUCCESS_WITH_CONTENT",
    results: { columns: [{ name: "job id", logicalType: { type: "VARCHAR", nullable: true, length: 2147483647 }, comment: null }], rowFormat: "JSON", data: [{ kind: "INSERT", fields: [JOB] }] },
    nextResultUri: "/v4/sessions/s/operations/o/result/1?rowFormat=JSON",
  };
  const RESULT = "/sessions/{session_handle}/operations/{operation_handle}/result/{token}";

  it("accepts the fetch-results wire format and rejects the spec's field names", () => {
    expect(validateSqlGatewayResponse(4, "GET", RESULT, 200, page)).toEqual([]);
    expect(validateSqlGatewayResponse(4, "GET", RESULT, 200, { resultType: "NOT_READY", nextResultUri: "/v4/x" })).toEqual([]);
    const { isQueryResult: _q, ...rest } = page;
    expect(validateSqlGatewayResponse(4, "GET", RESULT, 200, { ...rest, queryResult: false }).join()).toContain("'queryResult'");
    expect(validateSqlGatewayResponse(4, "GET", RESULT, 200, { ...page, results: { ...page.results, data: [{ rowKind: "INSERT", arity: 1 }] } })).not.toEqual([]);
    expect(validateSqlGatewayResponse(4, "GET", RESULT, 200, { ...page, results: { ...page.results, columns: [{ name: "x", logicalType: { typeRoot: "VARCHAR", nullable: true } }] } })).not.toEqual([]);
    expect(validateSqlGatewayResponse(4, "GET", RESULT, 200, { ...page, resultType: "DONE" })).not.toEqual([]);
  });

  it("knows the versions' endpoints", () => {
    expect(validateSqlGatewayResponse(1, "POST", "/sessions/{session_handle}/configure-session", 200, {}).join()).toContain("no such path");
    expect(validateSqlGatewayResponse(2, "POST", "/v2/sessions/abc/configure-session", 200, {})).toEqual([]);
    expect(validateSqlGatewayResponse(4, "POST", "/sessions/{session_handle}/materialized-tables/{identifier}/refresh", 200, {}).join()).toContain("no such path");
    expect(validateSqlGatewayResponse(4, "POST", "/sessions", 200, { sessionHandle: "x", extra: 1 })).not.toEqual([]);
  });
});

describe("validateCrd", () => {
  const dep = { apiVersion: "flink.apache.org/v1beta1", kind: "FlinkDeployment", metadata: { name: "a", namespace: "flink" }, spec: { flinkVersion: "v2_1", job: { jarURI: "local:///x.jar", upgradeMode: "savepoint", state: "running" } } };

  it("checks enums, types and unknown fields", () => {
    expect(validateCrd("FlinkDeployment", dep)).toEqual([]);
    expect(validateCrd("FlinkDeployment", { ...dep, spec: { ...dep.spec, job: { ...dep.spec.job, upgradeMode: "bogus" } } }).join()).toContain("allowed values");
    expect(validateCrd("FlinkDeployment", { ...dep, spec: { ...dep.spec, job: { ...dep.spec.job, parallelism: "2" } } }).join()).toContain("must be integer");
    expect(validateCrd("FlinkDeployment", { ...dep, status: { lifecycleState: "RUNNING" } })).not.toEqual([]);
    expect(validateCrd("FlinkDeployment", { ...dep, status: { surprise: 1 } }).join()).toContain("'surprise'");
    expect(validateCrd("FlinkDeployment", { ...dep, spec: { ...dep.spec, flinkConfiguration: { any: { nested: "ok" } } } })).toEqual([]);
    expect(validateCrd("FlinkSessionJob", { ...dep, kind: "FlinkSessionJob", spec: { deploymentName: "s", job: { jarURI: "x" } } })).toEqual([]);
  });
});
