export { seedDemo, DEMO_PASSWORD, DEMO_TENANT } from './seed.ts';
