/**
 * Sign-in on the phone: the staff app's sign-in form (shared session.signIn), inside antd's
 * providers, which only this screen needs, so they load with it and not with the app's frame.
 */
import { Providers } from '../../shared/providers.tsx';
import { SignIn } from '../../staff/SignIn.tsx';

export default function SignInScreen() {
  return (
    <Providers>
      <SignIn />
    </Providers>
  );
}
