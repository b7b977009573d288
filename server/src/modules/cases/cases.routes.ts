import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import type { z } from "zod";
import { SiteParams } from "../org/org.schema.js";
import {
  CaseAnswer,
  CaseDetail,
  CasePage,
  CaseParams,
  CompleteInput,
  CorrectionInput,
  DecideInput,
  DeliverInput,
  ExtendInput,
  ListQuery,
  OpenCaseInput,
  OpinionInput,
  OptionalReason,
  PauseInput,
  PublicProgress,
  PublicProgressQuery,
  ReasonInput,
  SupplyInput,
} from "./cases.schema.js";
import { getCase, listCases, openCase, publicProgress, takeStep } from "./cases.service.js";
import type { CaseEnv, StepName } from "./cases.steps.js";

const tags = ["cases"];

/** The lifecycle's steps as routes: POST /api/cases/{caseId}/<path>, one operation each. */
const STEP_ROUTES: { step: StepName; path: string; operationId: string; summary: string; body: z.ZodType }[] = [
  {
    step: "request_correction",
    path: "correction",
    operationId: "requestCaseCorrection",
    summary: "Issue the one correction notice, listing every missing or non-conforming material / 出具补正告知书",
    body: CorrectionInput,
  },
  {
    step: "supply",
    path: "supply",
    operationId: "supplyCaseMaterials",
    summary: "Record the corrected materials (only those on the notice) / 补正材料",
    body: SupplyInput,
  },
  {
    step: "accept",
    path: "accept",
    operationId: "acceptCase",
    summary: "Accept: the committed date is computed and the acceptance notice issued / 受理",
    body: OptionalReason,
  },
  {
    step: "refuse",
    path: "refuse",
    operationId: "refuseCase",
    summary: "Refuse to accept, with reasons; the decision states the appeal rights / 不予受理",
    body: ReasonInput,
  },
  {
    step: "forward",
    path: "forward",
    operationId: "forwardCase",
    summary: "Forward to the district department that decides (street and community centers) / 转报",
    body: OptionalReason,
  },
  { step: "withdraw", path: "withdraw", operationId: "withdrawCase", summary: "The applicant withdraws / 撤回", body: OptionalReason },
  {
    step: "return",
    path: "return",
    operationId: "returnCase",
    summary: "Return the papers: the correction was not supplied in time / 退件",
    body: OptionalReason,
  },
  {
    step: "claim",
    path: "claim",
    operationId: "claimCase",
    summary: "Back office: claim an accepted case (one processor wins) / 承办签收",
    body: OptionalReason,
  },
  {
    step: "submit_review",
    path: "submit-review",
    operationId: "submitCaseForReview",
    summary: "The handler submits the case with an opinion for review / 提交审核",
    body: OpinionInput,
  },
  {
    step: "send_back",
    path: "send-back",
    operationId: "sendCaseBack",
    summary: "The reviewer sends it back to the handler / 审核退回",
    body: OpinionInput,
  },
  {
    step: "return_to_front",
    path: "return-to-front",
    operationId: "returnCaseToFront",
    summary: "Back office returns the case to the receiving site, with a reason / 退回前台",
    body: ReasonInput,
  },
  {
    step: "resubmit",
    path: "resubmit",
    operationId: "resubmitCase",
    summary: "The front sends a returned case to the back office again / 重新提交",
    body: OpinionInput,
  },
  {
    step: "decide",
    path: "decide",
    operationId: "decideCase",
    summary: "Decide: granted, or denied with reasons and rights (不予许可决定书) / 决定",
    body: DecideInput,
  },
  {
    step: "complete",
    path: "complete",
    operationId: "completeCase",
    summary: "Complete: the result goes to the receiving site's delivery window / 办结",
    body: CompleteInput,
  },
  {
    step: "deliver",
    path: "deliver",
    operationId: "deliverCase",
    summary: "Hand out (ID checked) or post (tracking number); issues the delivery receipt / 出件",
    body: DeliverInput,
  },
  {
    step: "pause",
    path: "pause",
    operationId: "pauseCase",
    summary: "Special procedure: the clock stops; issues the notice with its expected length / 特别程序",
    body: PauseInput,
  },
  {
    step: "resume",
    path: "resume",
    operationId: "resumeCase",
    summary: "End the special procedure; the due date moves by the paused working days / 恢复办理",
    body: OptionalReason,
  },
  {
    step: "extend",
    path: "extend",
    operationId: "extendCase",
    summary: "Approved, reasoned extension by working days (managers) / 延期",
    body: ExtendInput,
  },
];

export const CASE_STEP_OPERATIONS = STEP_ROUTES.map((r) => ({ operationId: r.operationId, step: r.step }));

export function caseRoutes(env: CaseEnv): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      "/api/sites/:siteId/cases",
      {
        schema: {
          operationId: "openCase",
          summary:
            "Receive a case: item, applicant, checklist against the guide in force; from the window's ticket, an appointment or none / 收件",
          tags,
          params: SiteParams,
          body: OpenCaseInput,
          response: { 201: CaseAnswer },
        },
      },
      async (req, reply) => reply.status(201).send(await openCase(req.ctx, env, req.params.siteId, req.body)),
    );
    app.get(
      "/api/cases",
      {
        schema: {
          operationId: "listCases",
          summary: "Inboxes and search: front (received here), back (to decide), delivery (ready here); due soonest first / 办件列表",
          tags,
          querystring: ListQuery,
          response: { 200: CasePage },
        },
      },
      (req) => listCases(req.ctx, req.query),
    );
    app.get(
      "/api/cases/:caseId",
      {
        schema: {
          operationId: "getCase",
          summary: "A case with its timeline, clock explanation, documents and the caller's next actions / 办件详情",
          tags,
          params: CaseParams,
          response: { 200: CaseDetail },
        },
      },
      (req) => getCase(req.ctx, req.params.caseId),
    );
    for (const r of STEP_ROUTES) {
      app.post(
        `/api/cases/:caseId/${r.path}`,
        {
          schema: { operationId: r.operationId, summary: r.summary, tags, params: CaseParams, body: r.body, response: { 200: CaseAnswer } },
        },
        (req) => takeStep(req.ctx, env, req.params.caseId, r.step, req.body as never),
      );
    }
    app.get(
      "/api/public/cases/progress",
      {
        config: { public: true },
        schema: {
          operationId: "getCaseProgress",
          summary: "Public progress by case number and query code: state and dates, no personal data / 办件进度查询",
          tags,
          querystring: PublicProgressQuery,
          response: { 200: PublicProgress },
        },
      },
      (req) => publicProgress(req.ctx, req.query.number, req.query.code),
    );
  };
}
