export { useTitle } from "../../../components/useTitle";
