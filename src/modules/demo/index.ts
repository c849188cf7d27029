/** The demo tenant: seeded on first start and by `loopdesk demo`. */
export { seedDemo, demoLogins, DEMO_PASSWORD, DEMO_TENANT, type DemoLogin } from './seed.ts';
