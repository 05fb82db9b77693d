/**
 * The sandbox (`npm run sandbox`, docs/sandbox.md): the demo exchange on the real clock with
 * windows of minutes, phases 3 and 4 voted at start, demo traders in every product, its own
 * data directory and ports, and a log that says when each product's life reaches its end.
 * `startSandboxService` starts the same for tests.
 */
export { SandboxMilestones, type Milestone, type MilestoneKind } from './milestones.js';
export { voteLocalPhases, PhaseVoteError } from './phases.js';
export { sandboxProfile, profileFromEnv, ProfileError, SANDBOX_CONTRACTS, SANDBOX_QUOTING_PARAMS, SANDBOX_ESCROW_PARAMS, SANDBOX_TEST_CONTRACTS, SANDBOX_DATA_DIR, SANDBOX_MAX_STRIKES_PER_EXPIRY, listingsPerHourBound, SANDBOX_PORTS, PROFILES, type ProfileName, type SandboxProfileOptions } from './profile.js';
export { sandboxBanner, sandboxConfigProblems, startSandbox, SandboxConfigError, type Sandbox } from './sandbox.js';
export { startSandboxService, type SandboxService, type SandboxServiceOptions } from './service.js';
