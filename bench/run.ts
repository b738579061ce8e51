/** `npm run bench`: runs the benchmarks in this folder (each prints its own report). */
import './codec.bench';
