/** Errors named for where they failed. */
export class ContentError extends Error {
  constructor(readonly file: string, readonly path: string, readonly problem: string) {
    super(`${file}${path ? ` at ${path}` : ''}: ${problem}`);
    this.name = 'ContentError';
  }
}

export class ConfigError extends Error {
  constructor(readonly variable: string, readonly problem: string) {
    super(`configuration ${variable}: ${problem}`);
    this.name = 'ConfigError';
  }
}

export class ChannelError extends Error {
  constructor(readonly channel: string, message: string, readonly status = 400) {
    super(`${channel}: ${message}`);
    this.name = 'ChannelError';
  }
}
