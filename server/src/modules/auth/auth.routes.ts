import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { effectivePermissions, PERMISSIONS, requireUser } from "../../platform/auth/access.js";
import { ROLES } from "../../platform/auth/principal.js";
import { AppError } from "../../platform/errors.js";
import * as svc from "./auth.service.js";
import { DEVICE_COOKIE, loginGuard, passwordGuard } from "./login-guard.js";

export const SESSION_COOKIE = "govhall_session";
const tags = ["auth"];

const Me = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  mustChangePassword: z.boolean(),
  grants: z.array(z.object({ role: z.enum(ROLES), siteId: z.string().nullable(), departmentId: z.string().nullable() })),
  permissions: z
    .object({
      district: z.array(z.enum(PERMISSIONS)),
      sites: z.record(z.string(), z.array(z.enum(PERMISSIONS))),
      departments: z.record(z.string(), z.array(z.enum(PERMISSIONS))),
    })
    .describe(
      "What the user may do: district-wide, and in addition at each site (by id) and for each department (by id). " +
        "A permission holds at a site if it is in `district` or in `sites[siteId]`.",
    ),
});

export const authRoutes: FastifyPluginAsyncZod = async (app) => {
  const guard = loginGuard(app);
  const passwordTries = passwordGuard(app);
  app.post(
    "/api/auth/login",
    {
      config: { public: true },
      schema: {
        operationId: "login",
        summary: "Sign in with username and password / 登录",
        tags,
        body: z.object({ username: z.string().trim().min(1).max(64), password: z.string().min(1).max(200) }),
        response: { 200: Me },
      },
    },
    async (req, reply) => {
      await guard.before(req);
      const { token, userId } = await svc.login(req.ctx, req.body.username, req.body.password).catch(async (err) => {
        if (err instanceof AppError && err.code === "invalid_credentials") await guard.failed(req);
        throw err;
      });
      reply.setCookie(SESSION_COOKIE, token, {
        path: "/",
        httpOnly: true,
        sameSite: "strict",
        secure: req.protocol === "https",
        maxAge: svc.SESSION_HOURS * 3600,
      });
      // The session first: clients that read the first Set-Cookie keep working.
      const device = await svc.rememberDevice(req.ctx, userId, req.cookies[DEVICE_COOKIE]);
      reply.setCookie(DEVICE_COOKIE, device, {
        path: "/api/auth/",
        httpOnly: true,
        sameSite: "strict",
        secure: req.protocol === "https",
        maxAge: 180 * 86_400,
      });
      req.ctx.principal = await svc.principalFromSession(req.ctx, token);
      return present(req.ctx.principal);
    },
  );
  app.post(
    "/api/auth/logout",
    { config: { allowPendingPasswordChange: true }, schema: { operationId: "logout", summary: "Sign out / 退出登录", tags } },
    async (req, reply) => {
      await svc.logout(req.ctx);
      reply.clearCookie(SESSION_COOKIE, { path: "/" });
      return reply.status(204).send();
    },
  );
  app.get(
    "/api/auth/me",
    {
      config: { allowPendingPasswordChange: true },
      schema: { operationId: "getMe", summary: "The signed-in user / 当前用户", tags, response: { 200: Me } },
    },
    (req) => present(req.ctx.principal),
  );
  app.post(
    "/api/auth/password",
    {
      config: { allowPendingPasswordChange: true },
      schema: {
        operationId: "changePassword",
        summary: "Change one's own password / 修改密码",
        tags,
        body: z.object({ currentPassword: z.string().min(1).max(200), newPassword: z.string().min(1).max(200) }),
      },
    },
    async (req, reply) => {
      await passwordTries.before(req);
      await svc.changePassword(req.ctx, req.body.currentPassword, req.body.newPassword).catch(async (err) => {
        if (err instanceof AppError && err.code === "wrong_current_password") await passwordTries.failed(req);
        throw err;
      });
      return reply.status(204).send();
    },
  );
};

function present(p: Parameters<typeof requireUser>[0]): z.infer<typeof Me> {
  const u = requireUser(p);
  return {
    id: u.userId,
    username: u.username,
    displayName: u.displayName,
    mustChangePassword: u.mustChangePassword,
    grants: u.grants,
    permissions: effectivePermissions(u),
  };
}
