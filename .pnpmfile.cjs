// pnpm hooks of the callspec workspace.
module.exports = {
  hooks: {
    /**
     * The published manifest keeps what a user of the package needs. `scripts` call repository tooling
     * (`../../scripts/…`) that is not in the tarball, so none could run there; dev dependencies are ours.
     */
    beforePacking(pkg) {
      delete pkg.scripts;
      delete pkg.devDependencies;
      return pkg;
    },
  },
};
