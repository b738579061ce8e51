/** The commands an operator types to answer an order's attention (shown in the attention's advice). */
export const retryCommand = (orderKey: string): string => `jakamo-so order retry '${orderKey}'`;
export const resolveCommand = (orderKey: string): string => `jakamo-so order resolve '${orderKey}'`;
