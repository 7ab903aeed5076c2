import { FUNDERS, ORGANISATION_KINDS, THINK_TANK_TYPES } from "#db/schema";
import { TOPIC_STATES } from "#db/schema/topic-states";
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from "./limits";

/**
 * The OpenAPI 3.1 description of /api/v1, written as a typed object so it is checked by the
 * compiler and served as is from /api/v1/openapi.json. Each capability adds its paths and
 * schemas below; tests/integration/api.test.ts fails when an api.v1.* route is missing here.
 */

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Schema = { [k: string]: Json };
type Parameter = { name: string; in: "query" | "path" | "header"; required?: boolean; description?: string; schema: Schema };
type Operation = {
  operationId: string;
  summary: string;
  description?: string;
  tags?: string[];
  parameters?: (Parameter | { $ref: string })[];
  requestBody?: { required?: boolean; content: Record<string, { schema: Schema }> };
  responses: Record<string, { description: string; content?: Record<string, { schema: Schema }> } | { $ref: string }>;
  security?: Record<string, string[]>[];
};
export type OpenApiDocument = {
  openapi: "3.1.0";
  info: { title: string; version: string; description: string };
  servers: { url: string }[];
  tags: { name: string; description: string }[];
  paths: Record<string, { get?: Operation; post?: Operation }>;
  components: {
    schemas: Record<string, Schema>;
    parameters: Record<string, Parameter>;
    responses: Record<string, { description: string; content: Record<string, { schema: Schema }> }>;
    securitySchemes: Record<string, Json>;
  };
  security: Record<string, string[]>[];
};

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: Schema) => ({ "application/json": { schema } });
const str = (description?: string): Schema => (description ? { type: "string", description } : { type: "string" });
const nullable = (type: string): Schema => ({ type: [type, "null"] });
const listOf = (item: string): Schema => ({
  type: "object",
  required: ["data", "page", "pageSize", "total"],
  properties: { data: { type: "array", items: ref(item) }, page: { type: "integer" }, pageSize: { type: "integer" }, total: { type: "integer" } },
});
const q = (name: string, description: string, schema: Schema = { type: "string" }): Parameter => ({ name, in: "query", description, schema });
const errors = { "401": { $ref: "#/components/responses/Unauthorized" }, "422": { $ref: "#/components/responses/InvalidQuery" } };
const paging = [{ $ref: "#/components/parameters/page" }, { $ref: "#/components/parameters/pageSize" }];

const listOp = (operationId: string, summary: string, tag: string, item: string, filters: Parameter[]): Operation => ({
  operationId,
  summary,
  tags: [tag],
  parameters: [...filters, ...paging],
  responses: { "200": { description: "OK", content: json(listOf(item)) }, ...errors },
});
const detailOp = (operationId: string, summary: string, tag: string, schema: string, param: Parameter): Operation => ({
  operationId,
  summary,
  tags: [tag],
  parameters: [param],
  responses: {
    "200": { description: "OK", content: json({ type: "object", required: ["data"], properties: { data: ref(schema) } }) },
    "404": { $ref: "#/components/responses/NotFound" },
    "401": errors["401"],
  },
});

export const openApiDocument: OpenApiDocument = {
  openapi: "3.1.0",
  info: {
    title: "智库咨政协同平台 API / Think-tank decision-consultation portal API",
    version: "1.0.0",
    description:
      "只读开放接口：机构、专家与资助项目档案。匿名调用可读取公开数据；机构管理员在「管理 › API 令牌」创建的令牌以 `Authorization: Bearer <token>` 发送。\n\n" +
      "Read-only open API: organisations, experts and the archive of funded projects. Anonymous calls read public data; " +
      "tokens created by an organisation's administrator under Admin › API tokens are sent as `Authorization: Bearer <token>`. " +
      "Lists answer `{ data, page, pageSize, total }`, single records `{ data }`; errors answer `{ error: { code, message, message_en, fields? } }`.",
  },
  servers: [{ url: "/" }],
  tags: [
    { name: "organisations", description: "机构 / Organisations" },
    { name: "people", description: "专家 / People" },
    { name: "projects", description: "资助项目档案 / Archive of funded projects" },
    { name: "search", description: "全站搜索与选题查重 / Search and duplicate check" },
    { name: "needs", description: "决策需求、方案、推荐与评审分配 / Needs, proposals, recommendations and reviewer assignment" },
    { name: "topics", description: "选题征集与审核 / Topic proposals and review" },
    { name: "calls", description: "课题指南 / Research calls" },
    { name: "meta", description: "接口说明 / This description" },
  ],
  paths: {
    "/api/v1/openapi.json": {
      get: { operationId: "getOpenApi", summary: "本文档 / This OpenAPI document", tags: ["meta"], security: [], responses: { "200": { description: "OK", content: json({ type: "object" }) } } },
    },
    "/api/v1/organisations": {
      get: listOp("listOrganisations", "机构列表 / List organisations", "organisations", "Organisation", [
        q("kind", "机构类别；不填时列出部门、智库和主管部门，档案中的单位须指定 institution / kind; without it, departments, think tanks and the management office are listed, archive-only institutions need kind=institution", { type: "string", enum: [...ORGANISATION_KINDS] }),
        q("region", "地区（完全匹配）/ region (exact)"),
        q("thinkTankType", "智库类型 / think-tank type", { type: "string", enum: [...THINK_TANK_TYPES] }),
        q("q", "名称、简称或拼音包含 / name, short name or pinyin contains"),
      ]),
    },
    "/api/v1/organisations/{id}": {
      get: detailOp("getOrganisation", "机构详情 / One organisation", "organisations", "OrganisationDetail", { name: "id", in: "path", required: true, schema: { type: "integer" } }),
    },
    "/api/v1/people": {
      get: listOp("listPeople", "专家列表 / List people", "people", "Person", [
        q("q", "姓名、拼音或单位包含 / name, pinyin or institution contains"),
        q("organisationId", "所属机构 / organisation id", { type: "integer" }),
        q("discipline", "学科（完全匹配）/ discipline (exact)"),
        q("source", "portal（默认，平台名录）、archive（仅见于档案的负责人）或 all / portal (default), archive or all", { type: "string", enum: ["portal", "archive", "all"] }),
      ]),
    },
    "/api/v1/people/{id}": {
      get: detailOp("getPerson", "专家详情 / One person", "people", "PersonDetail", { name: "id", in: "path", required: true, schema: { type: "integer" } }),
    },
    "/api/v1/projects": {
      get: listOp("listProjects", "资助项目档案 / List archived projects", "projects", "Project", [
        q("funder", "资助方 / funder", { type: "string", enum: [...FUNDERS] }),
        q("year", "立项年份 / year", { type: "integer" }),
        q("discipline", "学科 / discipline"),
        q("category", "项目类别 / category"),
        q("province", "省份 / province"),
        q("grade", "鉴定等级 / grade"),
        q("institution", "机构编号或单位名称包含 / organisation id, or institution name contains"),
        q("q", "标题包含 / title contains"),
      ]),
    },
    "/api/v1/needs": {
      get: listOp("listNeeds", "决策需求列表（仅调用者可见的）/ Needs visible to the caller", "needs", "Need", [
        q("q", "检索词 / query text"),
        q("state", "状态 / state", { type: "string", enum: ["open", "closed", "decided"] }),
      ]),
    },
    "/api/v1/needs/{id}": {
      get: detailOp("getNeed", "决策需求详情 / One need", "needs", "NeedDetail", { name: "id", in: "path", required: true, schema: { type: "integer" } }),
    },
    "/api/v1/needs/{id}/proposals": {
      get: {
        operationId: "listNeedProposals",
        summary: "方案（发布部门看全部已提交方案，其他调用者只看自己的）/ Proposals (the department sees all submitted, others their own)",
        tags: ["needs"],
        parameters: [{ name: "id", in: "path", required: true, schema: { type: "integer" } }],
        responses: { "200": { description: "OK", content: json({ type: "object", properties: { data: { type: "array", items: ref("Proposal") } } }) }, "404": { $ref: "#/components/responses/NotFound" } },
      },
    },
    "/api/v1/needs/{id}/recommendations": {
      get: {
        operationId: "getNeedRecommendations",
        summary: "推荐专家及理由（仅发布部门）/ Recommended experts with reasons (the department only)",
        tags: ["needs"],
        parameters: [{ name: "id", in: "path", required: true, schema: { type: "integer" } }, q("thinkTankType", "智库类型 / think-tank type", { type: "string", enum: [...THINK_TANK_TYPES] }), q("region", "地区 / region")],
        responses: { "200": { description: "OK", content: json({ type: "object", properties: { data: { type: "array", items: ref("Recommendation") } } }) }, "403": { $ref: "#/components/responses/NotFound" }, "404": { $ref: "#/components/responses/NotFound" } },
      },
    },
    "/api/v1/needs/{id}/assignments": {
      get: {
        operationId: "getReviewAssignments",
        summary: "评审分配（仅发布部门）/ Reviewer assignments (the department only)",
        tags: ["needs"],
        parameters: [{ name: "id", in: "path", required: true, schema: { type: "integer" } }],
        responses: { "200": { description: "OK", content: json({ type: "object", properties: { data: { type: "array", items: ref("Assignment") } } }) }, "404": { $ref: "#/components/responses/NotFound" } },
      },
      post: {
        operationId: "solveReviewAssignments",
        summary: "求解评审分配：每项 k 人、每人至多 L 项、排除利益冲突 / Solve: k experts per item, at most L items per expert, no conflicts",
        description: "无解时 data.ok 为 false，data.reason 指明哪条约束无法满足。/ When infeasible, data.ok is false and data.reason names the constraint.",
        tags: ["needs"],
        parameters: [{ name: "id", in: "path", required: true, schema: { type: "integer" } }],
        requestBody: { content: json({ type: "object", properties: { k: { type: "integer", default: 3 }, L: { type: "integer", default: 2 }, minTypes: { type: "integer" } } }) },
        responses: { "200": { description: "OK", content: json({ type: "object" }) }, "403": { $ref: "#/components/responses/NotFound" }, "404": { $ref: "#/components/responses/NotFound" } },
        security: [{ bearerToken: [] }],
      },
    },
    "/api/v1/needs/{id}/assignments/overrides": {
      post: {
        operationId: "overrideReviewAssignment",
        summary: "手工增减评审专家（须写明理由）/ Add or remove a reviewer by hand (a reason is required)",
        description:
          "有利益冲突或已达每人上限 L 的专家不能手工添加（409，说明原因）；手工移出的配对不会被重新求解放回。/ An expert with a conflict of interest, or already at the limit L, cannot be added (409 with the reason); a pair removed by hand is not put back by a new solve.",
        tags: ["needs"],
        parameters: [{ name: "id", in: "path", required: true, schema: { type: "integer" } }],
        requestBody: {
          content: json({
            type: "object",
            required: ["op", "proposalId", "personId", "reason"],
            properties: { op: { type: "string", enum: ["add", "remove"] }, proposalId: { type: "integer" }, personId: { type: "integer" }, reason: str() },
          }),
        },
        responses: {
          "200": { description: "OK", content: json({ type: "object", properties: { data: { type: "array", items: ref("Assignment") } } }) },
          "404": { $ref: "#/components/responses/NotFound" },
          "409": { description: "有利益冲突、已达上限或已分配 / a conflict of interest, at the limit, or already assigned", content: json(ref("Error")) },
          "422": { description: "缺少理由等字段错误 / a missing reason or other invalid field", content: json(ref("Error")) },
        },
        security: [{ bearerToken: [] }],
      },
    },
    "/api/v1/search": {
      get: {
        operationId: "search",
        summary: "全站搜索（项目、专家、机构）/ Search projects, experts and organisations",
        description: "中文词、拼音和错别字均可检索；结果按调用者的权限从数据库复核。/ Chinese words, pinyin and typos; results are re-checked against the database for the caller's permissions.",
        tags: ["search"],
        parameters: [
          q("q", "检索词 / query text"),
          q("type", "结果类型 / result type", { type: "string", enum: ["project", "person", "organisation"] }),
          q("funder", "资助方 / funder"),
          q("discipline", "学科 / discipline"),
          q("province", "省份 / province"),
          q("grade", "结项等级 / final grade"),
          q("yearFrom", "起始年份 / from year", { type: "integer" }),
          q("yearTo", "截止年份 / to year", { type: "integer" }),
          ...paging,
        ],
        responses: {
          "200": {
            description: "OK",
            content: json({
              type: "object",
              required: ["data", "page", "pageSize", "total", "facets", "engine", "degraded"],
              properties: {
                data: { type: "array", items: ref("SearchHit") },
                page: { type: "integer" },
                pageSize: { type: "integer" },
                total: { type: "integer" },
                facets: { type: "object", additionalProperties: { type: "object", additionalProperties: { type: "integer" } } },
                engine: { type: "string", enum: ["embedded", "meilisearch"] },
                degraded: { type: "boolean", description: "Meilisearch 不可用，由内置引擎代答 / Meilisearch unavailable, the embedded engine answered" },
              },
            }),
          },
          ...errors,
        },
      },
    },
    "/api/v1/dedup/check": {
      post: {
        operationId: "dedupCheck",
        summary: "选题查重（单条或批量）/ Duplicate check, one draft or a batch",
        description:
          "单条：`{text, summary?, person?, institution?}` → `{level, matches}`；批量：`{items: [{id, text, …}]}`（至多 500 条）→ `{results}`。matches 至多 10 条，按分数排序；archived 项目的 projectId 为批准号。/ " +
          "One: `{text, …}` → `{level, matches}`; batch: `{items: [...]}` (at most 500) → `{results}`. At most 10 matches, best first; projectId of an archived project is its approval number.",
        tags: ["search"],
        requestBody: {
          required: true,
          content: json({
            oneOf: [
              ref("DedupDraft"),
              { type: "object", required: ["items"], properties: { items: { type: "array", maxItems: 500, items: { allOf: [ref("DedupDraft"), { type: "object", properties: { id: str() } }] } } } },
            ],
          }),
        },
        responses: {
          "200": {
            description: "OK",
            content: json({
              oneOf: [
                ref("DedupResult"),
                { type: "object", required: ["results"], properties: { results: { type: "array", items: { allOf: [ref("DedupResult"), { type: "object", properties: { id: str(), error: ref("Error") } }] } } } },
              ],
            }),
          },
          "400": { description: "请求体不是 JSON 对象 / the body is not a JSON object", content: json(ref("Error")) },
          "413": { description: "批量超过 500 条 / more than 500 items", content: json(ref("Error")) },
          "422": { description: "题目为空或过长 / empty or too long a title", content: json(ref("Error")) },
          "401": errors["401"],
        },
      },
    },
    "/api/v1/topics": {
      get: listOp("listTopics", "选题列表（本单位的选题；规划办可见全部已提交选题）/ Topics: your organisation's, or the whole pool for the management office", "topics", "Topic", [
        q("state", "状态 / state", { type: "string", enum: [...TOPIC_STATES] }),
        q("round", "规划轮次 / planning round id", { type: "integer" }),
      ]),
      post: {
        operationId: "createTopic",
        summary: "提出选题（草稿，需令牌）/ Propose a topic as a draft (token required)",
        tags: ["topics"],
        requestBody: { required: true, content: json(ref("TopicInput")) },
        responses: {
          "200": { description: "已创建草稿 / the draft was created", content: json({ type: "object", required: ["data"], properties: { data: ref("Topic") } }) },
          "403": { description: "无权为该单位提出选题 / not allowed for this organisation", content: json(ref("Error")) },
          "422": { description: "字段有误 / invalid fields", content: json(ref("Error")) },
          "401": errors["401"],
        },
      },
    },
    "/api/v1/topics/{id}": {
      get: detailOp("getTopic", "选题详情及处理记录 / One topic with its history", "topics", "TopicDetail", { name: "id", in: "path", required: true, schema: { type: "integer" } }),
    },
    "/api/v1/topics/{id}/transition": {
      post: {
        operationId: "transitionTopic",
        summary: "变更选题状态 / Move a topic through the state machine",
        description:
          "`{to, note?, duplicateAck?}`。提交（submitted）时服务器查重，疑似重复须附 duplicateAck；退回与不予采纳须附 note。/ On submit the server runs the duplicate check and a likely duplicate needs `duplicateAck`; returning and rejecting need `note`.",
        tags: ["topics"],
        parameters: [{ name: "id", in: "path", required: true, schema: { type: "integer" } }],
        requestBody: {
          required: true,
          content: json({ type: "object", required: ["to"], properties: { to: { type: "string", enum: [...TOPIC_STATES] }, note: str(), duplicateAck: str() } }),
        },
        responses: {
          "200": { description: "OK", content: json({ type: "object", required: ["data"], properties: { data: ref("Topic") } }) },
          "403": { description: "该角色不能进行此变更 / the caller's role may not make this move", content: json(ref("Error")) },
          "409": { description: "状态机不允许 / not allowed from the current state", content: json(ref("Error")) },
          "422": { description: "缺少理由或重复说明 / a reason or duplicate note is missing", content: json(ref("Error")) },
          "404": { $ref: "#/components/responses/NotFound" },
          "401": errors["401"],
        },
      },
    },
    "/api/v1/calls": {
      get: listOp("listCalls", "已发布的课题指南 / Published calls", "calls", "Call", []),
    },
    "/api/v1/calls/{id}": {
      get: detailOp("getCall", "课题指南详情（含选题与更正记录）/ One call with its topics and corrections", "calls", "CallDetail", { name: "id", in: "path", required: true, schema: { type: "integer" } }),
    },
    "/api/v1/projects/{ref}": {
      get: {
        ...detailOp("getProject", "项目详情及成果 / One project with its outputs", "projects", "ProjectDetail", {
          name: "ref",
          in: "path",
          required: true,
          description: "批准号或编号 / approval number or id",
          schema: { type: "string" },
        }),
        parameters: [
          { name: "ref", in: "path", required: true, description: "批准号或编号 / approval number or id", schema: { type: "string" } },
          q("funder", "批准号在多个资助方重复时指定 / picks the funder when an approval number is shared", { type: "string", enum: [...FUNDERS] }),
        ],
      },
    },
  },
  components: {
    schemas: {
      Topic: {
        type: "object",
        properties: {
          id: { type: "integer" },
          roundId: { type: "integer" },
          organisationId: { type: "integer" },
          selfInitiated: { type: "boolean" },
          title: str(),
          policyNeed: str(),
          researchQuestions: str(),
          expectedOutputs: { type: "array", items: { type: "string", enum: ["report", "policyBrief", "database", "survey", "indicators", "casebook"] } },
          policyArea: str(),
          discipline: str(),
          budgetRange: str(),
          timeline: str(),
          urgency: { type: "string", enum: ["low", "normal", "high"] },
          state: { type: "string", enum: [...TOPIC_STATES] },
          flags: { type: "array", items: { type: "string", enum: ["tooBroad", "tooNarrow", "outdated", "premature"] } },
          tags: { type: "array", items: str() },
          duplicateAck: nullable("string"),
          dedupLevel: nullable("string"),
          mergedInto: nullable("integer"),
          isBundle: { type: "boolean" },
          version: { type: "integer", description: "乐观锁版本号 / version for optimistic locking" },
          createdAt: str("ISO 8601 UTC"),
          updatedAt: str("ISO 8601 UTC"),
        },
      },
      TopicInput: {
        type: "object",
        required: ["roundId", "organisationId", "title"],
        properties: {
          roundId: { type: "integer" },
          organisationId: { type: "integer", description: "须为令牌所属单位 / must be the token's organisation" },
          title: { type: "string", minLength: 4, maxLength: 200 },
          policyNeed: str(),
          researchQuestions: str(),
          expectedOutputs: { type: "array", items: str() },
          policyArea: str(),
          discipline: str(),
          budgetRange: str(),
          timeline: str(),
          urgency: { type: "string", enum: ["low", "normal", "high"] },
          tags: { type: "array", items: str() },
        },
      },
      TopicDetail: {
        allOf: [
          ref("Topic"),
          {
            type: "object",
            properties: {
              organisationName: str(),
              sources: { type: "array", items: { type: "integer" }, description: "打包来源 / topics bundled into this one" },
              sponsors: { type: "array", items: { type: "integer" } },
              history: { type: "array", items: { type: "object", properties: { at: str(), actor: str(), kind: str(), from: nullable("string"), to: nullable("string"), note: str() } } },
            },
          },
        ],
      },
      Call: {
        type: "object",
        properties: { id: { type: "integer" }, title: str(), state: { type: "string", enum: ["draft", "published"] }, opensOn: str("YYYY-MM-DD"), closesOn: str("YYYY-MM-DD"), version: { type: "integer" }, publishedAt: nullable("string") },
      },
      CallDetail: {
        allOf: [
          ref("Call"),
          {
            type: "object",
            properties: {
              introMarkdown: str(),
              introHtml: str("已净化 / sanitised"),
              eligibility: str(),
              budget: str(),
              contacts: str(),
              topics: { type: "array", items: { type: "object", properties: { id: { type: "integer" }, title: str(), organisation: str() } } },
              versions: { type: "array", items: { type: "object", properties: { number: { type: "integer" }, changeNotice: str(), publishedAt: str() } } },
            },
          },
        ],
      },
      Need: {
        type: "object",
        properties: {
          id: { type: "integer" },
          question: str(),
          organisationId: { type: "integer" },
          department: str(),
          deadline: str("ISO 8601 UTC"),
          expectedForm: str(),
          policyArea: str(),
          discipline: str(),
          visibility: { type: "string", enum: ["public", "registered", "invited"] },
          state: { type: "string", enum: ["open", "closed", "decided"] },
          proposals: { type: "integer" },
        },
      },
      NeedDetail: {
        type: "object",
        properties: {
          id: { type: "integer" },
          question: str(),
          background: str(),
          decision: str(),
          deadline: str(),
          keywords: { type: "array", items: str() },
          visibility: str(),
          state: str(),
          clarifications: { type: "array", items: { type: "object" } },
          attachments: { type: "array", items: { type: "object" } },
        },
      },
      Proposal: {
        type: "object",
        properties: {
          id: { type: "integer" },
          summary: str(),
          approach: str(),
          team: str(),
          timeline: str(),
          cost: nullable("number"),
          state: { type: "string", enum: ["draft", "submitted", "withdrawn", "shortlisted", "accepted", "declined"] },
          decisionReason: nullable("string"),
          topicId: { ...nullable("integer"), description: "接受为选题时生成的选题 / the topic an accepted proposal became" },
          adoptions: { type: "array", items: { type: "object", properties: { kind: { type: "string", enum: ["adopted", "instructed"] }, occurredOn: str() } } },
        },
      },
      Recommendation: {
        type: "object",
        properties: {
          personId: { type: "integer" },
          name: str(),
          institution: str(),
          score: { type: "number" },
          why: { type: "object", properties: { zh: str(), en: str() } },
          evidence: { type: "array", items: { type: "object", properties: { projectId: { type: "integer" }, title: str(), titleHtml: str("<mark> around shared phrases"), grade: nullable("string") } } },
        },
      },
      Assignment: { type: "object", properties: { proposalId: { type: "integer" }, personId: { type: "integer" }, name: str(), affinity: { type: "number" }, manual: { type: "boolean" }, reason: nullable("string") } },
      SearchHit: {
        type: "object",
        required: ["id", "type", "entityId", "title", "href", "score"],
        properties: {
          id: str("type:entityId"),
          type: str(),
          entityId: str(),
          title: str(),
          subtitle: str(),
          href: str(),
          score: { type: "number" },
          highlights: { type: "object", description: "HTML 转义后以 <mark> 标出命中 / HTML-escaped with <mark> around matches", additionalProperties: { type: "string" } },
          meta: { type: "object" },
        },
      },
      DedupDraft: {
        type: "object",
        required: ["text"],
        properties: { text: { type: "string", maxLength: 2000 }, summary: { type: "string", maxLength: 20000 }, person: { type: "string", maxLength: 100 }, institution: { type: "string", maxLength: 200 } },
      },
      DedupResult: {
        type: "object",
        required: ["level", "matches"],
        properties: {
          level: { type: "string", enum: ["duplicate", "similar", "none"] },
          degraded: { type: "boolean", description: "检索服务已切换到备用引擎 / search fell back to the embedded engine" },
          matches: {
            type: "array",
            maxItems: 10,
            items: {
              type: "object",
              required: ["projectId", "score", "level", "evidence"],
              properties: {
                projectId: str("批准号或记录编号 / approval number or record id"),
                docId: str(),
                type: str("project | topic | call | need | proposal"),
                entityId: str("该记录在门户中的编号 / the record's id in the portal"),
                openable: { type: "boolean", description: "提问者可打开该记录 / the caller may open the record" },
                title: str(),
                score: { type: "number", minimum: 0, maximum: 1 },
                level: { type: "string", enum: ["duplicate", "similar", "none"] },
                evidence: {
                  type: "object",
                  description: "共同短语、同一负责人/单位、资助方、年份、等级、成果 / shared phrases, same person/institution, funder, year, grade, results",
                  properties: {
                    queryHtml: str("草稿题目，共同短语以 <mark> 标出（已转义）/ the draft, shared phrases in <mark> (escaped)"),
                    matchHtml: str("匹配记录的题目，同上 / the match's title, likewise"),
                    sharedPhrases: { type: "array", items: str() },
                    samePerson: str("同一负责人 / the same person"),
                    sameInstitution: str("同一单位 / the same institution"),
                    funder: str(),
                    owner: str("资助方或提出单位 / the funder, or the organisation that proposed it"),
                    year: { type: "integer" },
                    grade: str("结项等级 / completion grade"),
                    discipline: str(),
                    outputs: { type: "array", items: str(), description: "成果名称，匹配的成果在前 / result titles, the matched one first" },
                    people: { type: "array", items: str() },
                    institution: str(),
                    matchedResult: str("草稿与该项目的此项成果最相近 / the project's result the draft matches best"),
                    resultHtml: str("该成果题目，共同短语以 <mark> 标出 / that result's title with shared phrases marked"),
                    resultSame: { type: "boolean", description: "草稿与该成果题目相同 / the draft is that result's title" },
                    resultNote: { type: "object", properties: { zh: str(), en: str() } },
                  },
                },
              },
            },
          },
        },
      },
      Error: {
        type: "object",
        required: ["error"],
        properties: {
          error: {
            type: "object",
            required: ["code", "message", "message_en"],
            properties: {
              code: str("machine-readable code"),
              message: str("中文说明"),
              message_en: str("English message"),
              fields: { type: "object", additionalProperties: { type: "object", properties: { message: str(), message_en: str() } } },
            },
          },
        },
      },
      Organisation: {
        type: "object",
        required: ["id", "kind", "name"],
        properties: {
          id: { type: "integer" },
          kind: { type: "string", enum: [...ORGANISATION_KINDS] },
          name: str(),
          shortName: nullable("string"),
          namePinyin: str(),
          level: nullable("string"),
          region: nullable("string"),
          thinkTankType: { type: ["string", "null"], enum: [...THINK_TANK_TYPES, null] },
          institutionType: nullable("string"),
          partner: { type: "boolean" },
          description: str(),
          website: nullable("string"),
          createdAt: { type: "string", format: "date-time" },
          updatedAt: { type: "string", format: "date-time" },
        },
      },
      OrganisationDetail: {
        allOf: [ref("Organisation"), { type: "object", properties: { peopleCount: { type: "integer" }, projectCount: { type: "integer" } } }],
      },
      Person: {
        type: "object",
        required: ["id", "name", "contactMasked"],
        properties: {
          id: { type: "integer" },
          name: str(),
          namePinyin: str(),
          title: str(),
          organisation: { type: ["object", "null"], properties: { id: { type: "integer" }, name: str() } },
          institutionName: str(),
          disciplines: { type: "array", items: str() },
          keywords: { type: "array", items: str() },
          bio: str(),
          email: { type: ["string", "null"], description: "masked (z***@example.cn) unless the caller may read contact details" },
          phone: { type: ["string", "null"], description: "masked (138****5678) unless the caller may read contact details" },
          contactMasked: { type: "boolean" },
          publicConsent: { type: "boolean" },
          source: { type: "string", enum: ["portal", "archive"] },
        },
      },
      PersonDetail: {
        allOf: [
          ref("Person"),
          {
            type: "object",
            properties: {
              projects: {
                type: "array",
                items: { type: "object", properties: { id: { type: "integer" }, funder: str(), approvalNumber: str(), title: str(), year: nullable("integer") } },
              },
            },
          },
        ],
      },
      Project: {
        type: "object",
        required: ["id", "funder", "approvalNumber", "title"],
        properties: {
          id: { type: "integer" },
          funder: { type: "string", enum: [...FUNDERS] },
          approvalNumber: str("批准号"),
          title: str(),
          category: str(),
          discipline: nullable("string"),
          year: nullable("integer"),
          approvedOn: nullable("string"),
          piName: str(),
          piPersonId: nullable("integer"),
          piTitle: nullable("string"),
          institutionId: nullable("integer"),
          institutionName: str(),
          province: nullable("string"),
          amount: nullable("number"),
          period: nullable("string"),
          grade: nullable("string"),
          completedOn: nullable("string"),
        },
      },
      ProjectOutput: {
        type: "object",
        properties: {
          id: { type: "integer" },
          title: str(),
          form: nullable("string"),
          grade: nullable("string"),
          completedOn: nullable("string"),
          certificateNumber: nullable("string"),
          publisher: nullable("string"),
          publishedOn: nullable("string"),
          authors: nullable("string"),
          awards: nullable("string"),
        },
      },
      ProjectDetail: {
        allOf: [
          ref("Project"),
          {
            type: "object",
            properties: {
              formerTitles: { type: "array", items: str() },
              institutionType: nullable("string"),
              system: nullable("string"),
              certificateNumber: nullable("string"),
              outputs: { type: "array", items: ref("ProjectOutput") },
            },
          },
        ],
      },
    },
    parameters: {
      page: { name: "page", in: "query", description: "从 1 开始 / from 1", schema: { type: "integer", minimum: 1, default: 1 } },
      pageSize: { name: "pageSize", in: "query", description: `每页条数 / items per page`, schema: { type: "integer", minimum: 1, maximum: MAX_PAGE_SIZE, default: DEFAULT_PAGE_SIZE } },
    },
    responses: {
      Unauthorized: { description: "令牌无效或已撤销 / invalid or revoked token", content: json(ref("Error")) },
      NotFound: { description: "不存在或无权查看 / not found or not visible to the caller", content: json(ref("Error")) },
      InvalidQuery: { description: "查询参数有误 / invalid query parameters", content: json(ref("Error")) },
    },
    securitySchemes: {
      bearerToken: { type: "http", scheme: "bearer", description: "机构 API 令牌 / an organisation's API token (zk_…)" },
      sessionCookie: { type: "apiKey", in: "cookie", name: "session", description: "浏览器会话，仅 GET / browser session, GET only" },
    },
  },
  // anonymous access is allowed for public data: `{}` means "no credentials"
  security: [{}, { bearerToken: [] }, { sessionCookie: [] }],
};
