export { disruptionController, PDBS } from './controller';
export { budgetStatus, isPodReady, podsOfBudget } from './budget';
